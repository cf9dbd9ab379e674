package wire

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgtype"
)

// The test Handler answers a fixed set of queries, enough to drive every
// path of the protocol server. It is a client of wire, not a stand-in for the
// gateway.

// testErr has the methods of internal/sqlerr.Error that wire reads.
type testErr struct {
	code, message, detail, hint string
	position                    int32
}

func (e *testErr) Error() string        { return e.message }
func (e *testErr) SQLState() string     { return e.code }
func (e *testErr) ErrorDetail() string  { return e.detail }
func (e *testErr) ErrorHint() string    { return e.hint }
func (e *testErr) ErrorPosition() int32 { return e.position }

type testHandler struct {
	mu       sync.Mutex
	sessions map[string]*testSession // by application_name
	// running receives the application_name of a session whose
	// "SELECT sleep" has started waiting for its context.
	running chan string
}

func newTestHandler() *testHandler {
	return &testHandler{sessions: map[string]*testSession{}, running: make(chan string, 16)}
}

func (h *testHandler) Startup(ctx context.Context, params map[string]string) (Session, error) {
	if params["database"] == "nodb" {
		return nil, &testErr{code: "3D000", message: `database "nodb" does not exist`}
	}
	s := &testSession{h: h, params: params, tx: 'I', closed: make(chan struct{}), cause: make(chan error, 1)}
	h.mu.Lock()
	h.sessions[params["application_name"]] = s
	h.mu.Unlock()
	return s, nil
}

func (h *testHandler) session(app string) *testSession {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sessions[app]
}

type testSession struct {
	h        *testHandler
	params   map[string]string
	tx       byte
	closes   atomic.Int32
	closed   chan struct{}
	cause    chan error // context.Cause of each ended "SELECT sleep"
	closeMux sync.Once
	open     openObjects // statements and portals not yet closed
}

func (s *testSession) ParameterStatus() map[string]string {
	return map[string]string{
		"server_version":              "15.0 (pitgate wire test)",
		"client_encoding":             "UTF8",
		"DateStyle":                   "ISO, MDY",
		"TimeZone":                    "UTC",
		"integer_datetimes":           "on",
		"standard_conforming_strings": "on",
		"application_name":            s.params["application_name"],
	}
}

func (s *testSession) TxStatus() byte { return s.tx }

// Failed fails an open block, as gateway's session does.
func (s *testSession) Failed(error) {
	if s.tx == 'T' {
		s.tx = 'E'
	}
}

func (s *testSession) Close() {
	s.closes.Add(1)
	s.closeMux.Do(func() { close(s.closed) })
}

func (s *testSession) SimpleQuery(ctx context.Context, sql string, w ResultWriter) error {
	q := strings.TrimSpace(sql)
	if name, ok := strings.CutPrefix(q, "SELECT value "); ok {
		return writeTypeCase(w, name)
	}
	answer, ok := testQueries[q]
	if !ok {
		return &testErr{code: "42601", message: fmt.Sprintf("syntax error at or near %q", q), position: 1}
	}
	return answer(ctx, s, w)
}

// typeCase is one value sent as one column: the Go value a Handler gives
// and the text PostgreSQL would send for it.
type typeCase struct {
	name string
	col  Column
	v    any
	want string // "NULL" for a NULL
}

type stringer struct{}

func (stringer) String() string { return "from String" }

var typeCases = []typeCase{
	{"bool", Column{TypeOID: pgtype.BoolOID, TypeSize: 1, TypeMod: -1}, true, "t"},
	{"int2", Column{TypeOID: pgtype.Int2OID, TypeSize: 2, TypeMod: -1}, int16(-7), "-7"},
	{"int4", Column{TypeOID: pgtype.Int4OID, TypeSize: 4, TypeMod: -1}, int32(2147483647), "2147483647"},
	{"int8", Column{TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1}, int64(-9223372036854775808), "-9223372036854775808"},
	{"int8_from_int", Column{TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1}, 1001, "1001"},
	{"float4", Column{TypeOID: pgtype.Float4OID, TypeSize: 4, TypeMod: -1}, float32(0.1), "0.1"},
	{"float8", Column{TypeOID: pgtype.Float8OID, TypeSize: 8, TypeMod: -1}, 0.61, "0.61"},
	{"float8_exp", Column{TypeOID: pgtype.Float8OID, TypeSize: 8, TypeMod: -1}, 1e20, "1e+20"},
	{"float8_nan", Column{TypeOID: pgtype.Float8OID, TypeSize: 8, TypeMod: -1}, nanValue(), "NaN"},
	{"float8_inf", Column{TypeOID: pgtype.Float8OID, TypeSize: 8, TypeMod: -1}, infValue(-1), "-Infinity"},
	{"numeric", Column{TypeOID: pgtype.NumericOID, TypeSize: -1, TypeMod: (10<<16 | 2) + 4}, "12.50", "12.50"},
	{"text", Column{TypeOID: pgtype.TextOID, TypeSize: -1, TypeMod: -1}, "héllo", "héllo"},
	{"text_empty", Column{TypeOID: pgtype.TextOID, TypeSize: -1, TypeMod: -1}, "", ""},
	{"text_null", Column{TypeOID: pgtype.TextOID, TypeSize: -1, TypeMod: -1}, nil, "NULL"},
	{"text_stringer", Column{TypeOID: pgtype.TextOID, TypeSize: -1, TypeMod: -1}, stringer{}, "from String"},
	{"varchar", Column{TypeOID: pgtype.VarcharOID, TypeSize: -1, TypeMod: 14}, "ten chars!", "ten chars!"},
	{"bytea", Column{TypeOID: pgtype.ByteaOID, TypeSize: -1, TypeMod: -1}, []byte{0xde, 0xad}, `\xdead`},
	{"date", Column{TypeOID: pgtype.DateOID, TypeSize: 4, TypeMod: -1}, mustTime("2024-02-29T00:00:00Z"), "2024-02-29"},
	{"timestamp", Column{TypeOID: pgtype.TimestampOID, TypeSize: 8, TypeMod: -1}, mustTime("2024-01-02T03:04:05.5Z"), "2024-01-02 03:04:05.5"},
	{"timestamptz", Column{TypeOID: pgtype.TimestamptzOID, TypeSize: 8, TypeMod: -1}, mustTime("2024-01-02T03:04:05Z"), "2024-01-02 03:04:05+00"},
	{"timestamptz_offset", Column{TypeOID: pgtype.TimestamptzOID, TypeSize: 8, TypeMod: -1}, mustTime("2024-01-02T03:04:05.000123+05:30"), "2024-01-02 03:04:05.000123+05:30"},
	{"int8_array", Column{TypeOID: pgtype.Int8ArrayOID, TypeSize: -1, TypeMod: -1}, []any{int64(1), nil, int64(3)}, "{1,NULL,3}"},
	{"float8_array", Column{TypeOID: pgtype.Float8ArrayOID, TypeSize: -1, TypeMod: -1}, []any{0.5, 1e20}, "{0.5,1e+20}"},
	{"text_array", Column{TypeOID: pgtype.TextArrayOID, TypeSize: -1, TypeMod: -1}, []any{"a b", "NULL", "", `q"`}, `{"a b","NULL","",` + `"q\""}`},
	{"json", Column{TypeOID: pgtype.JSONOID, TypeSize: -1, TypeMod: -1}, map[string]any{"k": 1}, `{"k":1}`},
	{"uuid", Column{TypeOID: pgtype.UUIDOID, TypeSize: 16, TypeMod: -1}, [16]byte{0x12, 0x34}, "12340000-0000-0000-0000-000000000000"},
	{"valuer_null", Column{TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1}, pgtype.Int8{}, "NULL"},
	{"valuer", Column{TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1}, pgtype.Int8{Int64: 42, Valid: true}, "42"},
}

func writeTypeCase(w ResultWriter, name string) error {
	for _, tc := range typeCases {
		if tc.name != name {
			continue
		}
		col := tc.col
		col.Name = tc.name
		if err := w.Describe([]Column{col}); err != nil {
			return err
		}
		if err := w.Row([]any{tc.v}); err != nil {
			return err
		}
		return w.Complete("SELECT 1")
	}
	return &testErr{code: "42703", message: "no type case " + name}
}

type answer func(ctx context.Context, s *testSession, w ResultWriter) error

var int4Col = Column{Name: "?column?", TypeOID: pgtype.Int4OID, TypeSize: 4, TypeMod: -1}

var testQueries = map[string]answer{
	"": func(_ context.Context, _ *testSession, w ResultWriter) error { return w.EmptyQuery() },
	"SELECT 1": func(_ context.Context, _ *testSession, w ResultWriter) error {
		return writeRows(w, []Column{int4Col}, []any{int32(1)})
	},
	"SELECT multi": func(_ context.Context, _ *testSession, w ResultWriter) error {
		cols := []Column{
			{Name: "driver_id", TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1, TableOID: 16384, AttrNum: 1},
			{Name: "name", TypeOID: pgtype.TextOID, TypeSize: -1, TypeMod: -1, TableOID: 16384, AttrNum: 2},
		}
		if err := writeRows(w, cols, []any{int64(1001), "ann"}, []any{int64(1002), nil}); err != nil {
			return err
		}
		if err := w.Complete("CREATE TABLE"); err != nil {
			return err
		}
		return writeRows(w, []Column{{Name: "ok", TypeOID: pgtype.BoolOID, TypeSize: 1, TypeMod: -1}}, []any{false})
	},
	"SELECT big": func(_ context.Context, _ *testSession, w ResultWriter) error {
		rows := make([][]any, 20000)
		for i := range rows {
			rows[i] = []any{int32(i)}
		}
		return writeRows(w, []Column{int4Col}, rows...)
	},
	"SELECT error": func(context.Context, *testSession, ResultWriter) error {
		return fmt.Errorf("planning: %w", &testErr{code: "42P01", message: `relation "nope" does not exist`,
			detail: "no feature view or table has that name", hint: "feature views live in schema features", position: 15})
	},
	"SELECT rows then error": func(_ context.Context, _ *testSession, w ResultWriter) error {
		if err := w.Describe([]Column{int4Col}); err != nil {
			return err
		}
		for _, v := range []int32{1, 2} {
			if err := w.Row([]any{v}); err != nil {
				return err
			}
		}
		return &testErr{code: "22012", message: "division by zero"}
	},
	"SELECT internal": func(context.Context, *testSession, ResultWriter) error {
		return errors.New("warehouse connector exploded")
	},
	"SELECT bad row": func(_ context.Context, _ *testSession, w ResultWriter) error {
		return writeRows(w, []Column{int4Col}, []any{int32(1), int32(2)})
	},
	"SELECT sleep": func(ctx context.Context, s *testSession, w ResultWriter) error {
		s.h.running <- s.params["application_name"]
		<-ctx.Done()
		select {
		case s.cause <- context.Cause(ctx):
		default:
		}
		return &testErr{code: "57014", message: "canceling statement due to user request"}
	},
	"SELECT bare cancel": func(ctx context.Context, s *testSession, w ResultWriter) error {
		s.h.running <- s.params["application_name"]
		<-ctx.Done()
		return ctx.Err()
	},
	"SELECT panic": func(context.Context, *testSession, ResultWriter) error {
		panic("test handler panicked")
	},
	"SELECT notice": func(_ context.Context, _ *testSession, w ResultWriter) error {
		if err := w.Notice("materialization is behind"); err != nil {
			return err
		}
		return writeRows(w, []Column{int4Col})
	},
	"SET application_name = 'renamed'": func(_ context.Context, s *testSession, w ResultWriter) error {
		if err := w.ParameterStatus("application_name", "renamed"); err != nil {
			return err
		}
		return w.Complete("SET")
	},
	"BEGIN": func(_ context.Context, s *testSession, w ResultWriter) error {
		s.tx = 'T'
		return w.Complete("BEGIN")
	},
	"COMMIT": func(_ context.Context, s *testSession, w ResultWriter) error {
		s.tx = 'I'
		return w.Complete("COMMIT")
	},
}

func writeRows(w ResultWriter, cols []Column, rows ...[]any) error {
	if err := w.Describe(cols); err != nil {
		return err
	}
	for _, row := range rows {
		if err := w.Row(row); err != nil {
			return err
		}
	}
	return w.Complete(fmt.Sprintf("SELECT %d", len(rows)))
}
