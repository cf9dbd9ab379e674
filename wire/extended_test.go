package wire

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// The extended protocol through pgconn, a real client: prepared statements,
// parameters in both formats, results in both formats, pipelines, cancel.

func TestPrepareDescribesStatements(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "prepare")
	sd, err := conn.Prepare(testCtx(t), "s", "SELECT series", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sd.ParamOIDs, []uint32{pgtype.Int8OID}) || len(sd.Fields) != 1 || sd.Fields[0].DataTypeOID != pgtype.Int8OID {
		t.Errorf("description = %+v, want one int8 parameter and one int8 column", sd)
	}
	res := conn.ExecPrepared(testCtx(t), "s", params("3"), nil, nil).Read()
	if res.Err != nil || len(res.Rows) != 3 || string(res.Rows[2][0]) != "3" || res.CommandTag.String() != "SELECT 3" {
		t.Errorf("ExecPrepared = %q %v %v, want rows 1..3", res.Rows, res.CommandTag, res.Err)
	}
	if _, err := conn.Prepare(testCtx(t), "s", "SELECT 1", nil); !hasCode(err, "42P05") {
		t.Errorf("redefining s: %v, want 42P05", err)
	}
	_, err = conn.Prepare(testCtx(t), "bad", "SELECT typo", nil)
	if pgErr, ok := asPgError(err); !ok || pgErr.Code != "42601" || pgErr.Position != 1 {
		t.Errorf("preparing a syntax error: %v, want 42601 at position 1", err)
	}
	if err := conn.Deallocate(testCtx(t), "s"); err != nil {
		t.Fatal(err)
	}
	if res := conn.ExecPrepared(testCtx(t), "s", params("3"), nil, nil).Read(); !hasCode(res.Err, "26000") {
		t.Errorf("after Deallocate: %v, want 26000", res.Err)
	}
}

func hasCode(err error, code string) bool {
	pgErr, ok := asPgError(err)
	return ok && pgErr.Code == code
}

// TestFormatsAgree reads every type case in text and in binary and checks
// that pgtype decodes both to the same value.
func TestFormatsAgree(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "formats")
	types := pgtype.NewMap()
	for _, tc := range typeCases {
		t.Run(tc.name, func(t *testing.T) {
			var decoded [2]any
			for format := range int16(2) {
				res := conn.ExecParams(testCtx(t), "SELECT value "+tc.name, nil, nil, nil, []int16{format}).Read()
				if res.Err != nil {
					t.Fatal(res.Err)
				}
				if fd := res.FieldDescriptions[0]; fd.Format != format || fd.DataTypeOID != tc.col.TypeOID || fd.TypeModifier != tc.col.TypeMod {
					t.Errorf("field %+v, want format %d, type %d, modifier %d", fd, format, tc.col.TypeOID, tc.col.TypeMod)
				}
				typ, _ := types.TypeForOID(tc.col.TypeOID)
				v, err := typ.Codec.DecodeValue(types, tc.col.TypeOID, format, res.Rows[0][0])
				if err != nil {
					t.Fatalf("format %d: decode %x: %v", format, res.Rows[0][0], err)
				}
				decoded[format] = v
			}
			// Printed, so that NaN equals NaN.
			if fmt.Sprintf("%#v", decoded[0]) != fmt.Sprintf("%#v", decoded[1]) {
				t.Errorf("text decodes to %#v, binary to %#v", decoded[0], decoded[1])
			}
		})
	}
}

// TestParametersRoundTrip sends parameters of every type in both formats
// through "SELECT echo", which returns them as it received them, and reads
// them back in both formats.
func TestParametersRoundTrip(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "params")
	types := pgtype.NewMap()
	values := []struct {
		oid uint32
		v   any
	}{
		{pgtype.BoolOID, true}, {pgtype.Int2OID, int16(-2)}, {pgtype.Int4OID, int32(1 << 30)}, {pgtype.Int8OID, int64(1001)},
		{pgtype.Float4OID, float32(0.5)}, {pgtype.Float8OID, 0.61}, {pgtype.TextOID, "héllo 'x'"}, {pgtype.VarcharOID, "v"},
		{pgtype.NumericOID, pgtype.Numeric{Int: bigInt(1250), Exp: -2, Valid: true}}, {pgtype.ByteaOID, []byte{0, 0xff}},
		{pgtype.DateOID, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{pgtype.TimestampOID, time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)},
		{pgtype.TimestamptzOID, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{pgtype.IntervalOID, pgtype.Interval{Months: 1, Days: 2, Microseconds: 3, Valid: true}},
		{pgtype.UUIDOID, [16]byte{0xa0, 0xee, 0xbc, 0x99}}, {pgtype.JSONBOID, map[string]any{"k": []any{1.0, "x"}}},
		{pgtype.JSONOID, map[string]any{"a": "b"}}, {pgtype.Int8ArrayOID, []int64{1, 2, 3}},
		{pgtype.TextArrayOID, []string{"a b", "", "NULL"}}, {pgtype.Float8ArrayOID, []float64{0.5, -1}},
	}
	for _, tc := range values {
		for _, pf := range []int16{0, 1} {
			raw, err := types.Encode(tc.oid, pf, tc.v, nil)
			if err != nil {
				t.Fatalf("encode %v: %v", tc.v, err)
			}
			for _, rf := range []int16{0, 1} {
				res := conn.ExecParams(testCtx(t), "SELECT echo", [][]byte{raw}, []uint32{tc.oid}, []int16{pf}, []int16{rf}).Read()
				if res.Err != nil {
					t.Fatalf("type %d, parameter format %d, result format %d: %v", tc.oid, pf, rf, res.Err)
				}
				typ, _ := types.TypeForOID(tc.oid)
				want, _ := typ.Codec.DecodeValue(types, tc.oid, pf, raw)
				got, err := typ.Codec.DecodeValue(types, tc.oid, rf, res.Rows[0][0])
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("type %d, parameter format %d, result format %d: got %#v (%v), want %#v", tc.oid, pf, rf, got, err, want)
				}
			}
		}
	}
	res := conn.ExecParams(testCtx(t), "SELECT echo", [][]byte{nil}, []uint32{pgtype.Int8OID}, []int16{1}, []int16{1}).Read()
	if res.Err != nil || res.Rows[0][0] != nil {
		t.Errorf("a NULL parameter came back as %q, %v", res.Rows, res.Err)
	}
}

// TestPipelineErrorSkipsToSync sends three queries and a Sync, the second
// failing, then another query: the third is skipped, the fourth runs.
func TestPipelineErrorSkipsToSync(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "pipeline")
	p := conn.StartPipeline(testCtx(t))
	p.SendQueryParams("SELECT series", params("2"), nil, nil, nil)
	p.SendQueryParams("SELECT error", nil, nil, nil, nil)
	p.SendQueryParams("SELECT series", params("3"), nil, nil, nil)
	p.SendPipelineSync()
	p.SendQueryParams("SELECT series", params("4"), nil, nil, nil)
	p.SendPipelineSync()
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	if rows := pipelineRows(t, p); rows != 2 {
		t.Errorf("first query: %d rows, want 2", rows)
	}
	if _, err := p.GetResults(); !hasCode(err, "42P01") {
		t.Fatalf("second query: %v, want 42P01", err)
	}
	if _, err := p.GetResults(); err != nil {
		t.Fatalf("after the error: %v, want the Sync", err)
	}
	if rows := pipelineRows(t, p); rows != 4 {
		t.Errorf("query after Sync: %d rows, want 4", rows)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if s := ts.handler.session("pipeline"); s.open.portals.Load() != 0 {
		t.Errorf("%d portals open after the pipeline, want 0", s.open.portals.Load())
	}
}

func pipelineRows(t *testing.T, p *pgconn.Pipeline) int {
	t.Helper()
	r, err := p.GetResults()
	if err != nil {
		t.Fatal(err)
	}
	rr, ok := r.(*pgconn.ResultReader)
	if !ok {
		t.Fatalf("got %T, want a result", r)
	}
	res := rr.Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	return len(res.Rows)
}

func TestCancelRequestCancelsExecute(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "cancel-ext")
	done := make(chan error, 1)
	go func() { done <- conn.ExecParams(context.Background(), "SELECT sleep", nil, nil, nil, nil).Read().Err }()
	select {
	case <-ts.handler.running:
	case <-time.After(testTimeout):
		t.Fatal("the query never started")
	}
	if err := conn.CancelRequest(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if cause := waitCause(t, ts.handler.session("cancel-ext")); cause != ErrQueryCanceled {
		t.Errorf("query context cause = %v, want ErrQueryCanceled", cause)
	}
	if err := waitErr(t, done); !hasCode(err, "57014") {
		t.Errorf("error = %v, want 57014", err)
	}
	if res := conn.ExecParams(testCtx(t), "SELECT 1", nil, nil, nil, nil).Read(); res.Err != nil {
		t.Errorf("after the cancel: %v", res.Err)
	}
}

func TestPanicInPortalEndsOnlyThatConnection(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "panic-ext")
	res := conn.ExecParams(testCtx(t), "SELECT panic", nil, nil, nil, nil).Read()
	if pgErr, ok := asPgError(res.Err); !ok || pgErr.Code != "XX000" || pgErr.Severity != "FATAL" {
		t.Errorf("error = %v, want FATAL XX000", res.Err)
	}
	ts.waitClosed(t, "panic-ext")
	s := ts.handler.session("panic-ext")
	if n, m := s.open.statements.Load(), s.open.portals.Load(); n != 0 || m != 0 {
		t.Errorf("%d statements and %d portals left open by the dead connection", n, m)
	}
	if res := ts.connect(t, "after-panic-ext").ExecParams(testCtx(t), "SELECT 1", nil, nil, nil, nil).Read(); res.Err != nil {
		t.Error(res.Err)
	}
}

func TestConnectionEndClosesStatementsAndPortals(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "leaks")
	exchange(t, conn, &query{String: "BEGIN"}, &parse{Name: "s", Query: "SELECT series"},
		&bind{PreparedStatement: "s", DestinationPortal: "c", Parameters: params("9")}, &execute{Portal: "c", MaxRows: 1}, syncMsg)
	s := ts.handler.session("leaks")
	if n, m := s.open.statements.Load(), s.open.portals.Load(); n != 1 || m != 1 {
		t.Fatalf("%d statements and %d portals open, want 1 and 1", n, m)
	}
	conn.Close(testCtx(t))
	ts.waitClosed(t, "leaks")
	if n, m := s.open.statements.Load(), s.open.portals.Load(); n != 0 || m != 0 {
		t.Errorf("%d statements and %d portals open after the connection ended, want none", n, m)
	}
}
