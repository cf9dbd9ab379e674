package gateway_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/wire"
)

// recordingWriter keeps what a portal writes: columns, rows, the tag.
type recordingWriter struct {
	countingWriter
	cols []wire.Column
	got  [][]any
	tag  string
}

func (w *recordingWriter) Describe(cols []wire.Column) error { w.cols = cols; return nil }
func (w *recordingWriter) Row(v []any) error {
	w.got = append(w.got, append([]any(nil), v...))
	return nil
}
func (w *recordingWriter) Complete(tag string) error { w.tag = tag; return nil }

// portalResult runs a bound portal to its end, maxRows at a time, and
// prints what it wrote (or the error) for comparison.
func portalResult(ctx context.Context, p wire.Portal, err error, maxRows int) string {
	if err != nil {
		return "error " + sqlerr.Code(err) + ": " + err.Error()
	}
	defer p.Close()
	w := &recordingWriter{}
	executes := 0
	for {
		executes++
		suspended, err := p.Execute(ctx, maxRows, w)
		if err != nil {
			return "execute error " + sqlerr.Code(err) + ": " + err.Error()
		}
		if !suspended {
			break
		}
	}
	again := &recordingWriter{}
	_, err = p.Execute(ctx, 0, again)
	return fmt.Sprintf("cols %v rows %v tag %q executes %d; again: %v %v %q", w.cols, w.got, w.tag, executes, err, again.got, again.tag)
}

func int8Array(t *testing.T, keys ...any) []byte {
	t.Helper()
	b, err := pgtype.NewMap().Encode(pgtype.Int8ArrayOID, pgtype.BinaryFormatCode, append([]any{}, keys...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func be64(i int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }

// TestFastLookupMatchesGeneralPath binds the same statements and bytes on
// the fast path and on the general one and requires the same answers —
// rows, tags, errors — and that the fast path is taken exactly where it
// should be.
func TestFastLookupMatchesGeneralPath(t *testing.T) {
	e := startOnline(t, true)
	e.materialize(t)
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	if _, err := conn.Exec(context.Background(), `INSERT INTO online.pair_stats (driver_id, zone, event_timestamp, trips, label)
		VALUES (1001, 'n', now(), 3, 'a'), (1001, 's', now(), 4, 'b'), (1002, 'n', now(), 5, 'c')`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sess, err := e.gw.Startup(ctx, map[string]string{"user": "pitgate", "database": "pitgate"})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	const (
		one     = "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = $1"
		many    = "SELECT driver_id, conv_rate, event_timestamp FROM online.driver_hourly_stats WHERE driver_id = ANY($1)"
		pair    = "SELECT driver_id, zone, trips, label FROM online.pair_stats WHERE driver_id = ANY($1) AND zone = $2"
		service = "SELECT trips, label, conv_rate FROM online.pair_activity WHERE driver_id = $1 AND zone = $2"
		limited = "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = $1 LIMIT 1"
		int4Key = "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = $1::int4"
	)
	txt, bin := int16(0), int16(1)
	cases := []struct {
		name    string
		sql     string
		oids    []uint32
		raw     [][]byte
		formats []int16
		maxRows int
		fast    bool
	}{
		{"binary int8", one, nil, [][]byte{be64(1001)}, []int16{bin}, 0, true},
		{"text int8", one, nil, [][]byte{[]byte("1001")}, []int16{txt}, 0, true},
		{"text with a sign", one, nil, [][]byte{[]byte("+1001")}, []int16{txt}, 0, true},
		{"not found", one, nil, [][]byte{be64(99999)}, []int16{bin}, 0, true},
		{"client's int4", one, []uint32{pgtype.Int4OID}, [][]byte{binary.BigEndian.AppendUint32(nil, 1002)}, []int16{bin}, 0, true},
		{"NULL", one, nil, [][]byte{nil}, []int16{bin}, 0, false},
		{"text with spaces", one, nil, [][]byte{[]byte(" 1001 ")}, []int16{txt}, 0, false},
		{"bad text", one, nil, [][]byte{[]byte("ten")}, []int16{txt}, 0, false},
		{"short binary", one, nil, [][]byte{{1, 2}}, []int16{bin}, 0, false},
		{"out of int8", one, nil, [][]byte{[]byte("9223372036854775808")}, []int16{txt}, 0, false},
		{"array", many, nil, [][]byte{int8Array(t, int64(1002), int64(5), int64(1001), int64(1002))}, []int16{bin}, 0, true},
		{"empty array", many, nil, [][]byte{int8Array(t)}, []int16{bin}, 0, true},
		{"array with NULL", many, nil, [][]byte{int8Array(t, int64(1001), nil)}, []int16{bin}, 0, false},
		{"text array", many, nil, [][]byte{[]byte("{1001,1002}")}, []int16{txt}, 0, false},
		{"paged", many, nil, [][]byte{int8Array(t, int64(1001), int64(1002), int64(1003))}, []int16{bin}, 2, true},
		{"two keys", pair, nil, [][]byte{int8Array(t, int64(1001), int64(1002)), []byte("n")}, []int16{bin, txt}, 0, true},
		{"service", service, nil, [][]byte{be64(1001), []byte("s")}, []int16{bin, bin}, 0, true},
		{"bad UTF-8 key", service, nil, [][]byte{be64(1001), {0xff}}, []int16{bin, txt}, 0, false},
		{"LIMIT", limited, nil, [][]byte{be64(1001)}, []int16{bin}, 0, false},
		{"cast parameter", int4Key, nil, [][]byte{binary.BigEndian.AppendUint32(nil, 1001)}, []int16{bin}, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prep, err := sess.Prepare(ctx, c.sql, c.oids)
			if err != nil {
				t.Fatal(err)
			}
			gp, err := gateway.BindGeneral(ctx, prep, c.raw, c.formats)
			general := portalResult(ctx, gp, err, c.maxRows)
			p, err := prep.Bind(ctx, c.raw, c.formats)
			if got := err == nil && gateway.IsFastLookup(p); got != c.fast {
				t.Errorf("fast path taken: %v, want %v", got, c.fast)
			}
			fast := portalResult(ctx, p, err, c.maxRows)
			if fast != general {
				t.Errorf("fast path:\n%s\ngeneral path:\n%s", fast, general)
			}
			t.Log(fast)
		})
	}
}

// TestFastLookupAllocations: a prepared one-key lookup hitting the cache
// allocates the portal and the key's box, and nothing proportional to
// the statement (TestPreparedLookupDoesNoPlanning compares with planning).
func TestFastLookupAllocations(t *testing.T) {
	e := startOnline(t, true)
	e.materialize(t)
	ctx := context.Background()
	sess, err := e.gw.Startup(ctx, map[string]string{"user": "pitgate", "database": "pitgate"})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	prep, err := sess.Prepare(ctx, lookupOne, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &countingWriter{}
	for _, format := range []int16{1, 0} {
		params, formats := [][]byte{be64(1001)}, []int16{format} // made here: not counted
		if format == 0 {
			params[0] = []byte("1001")
		}
		allocs := testing.AllocsPerRun(200, func() {
			p, err := prep.Bind(ctx, params, formats)
			if err != nil || !gateway.IsFastLookup(p) {
				t.Fatal("not the fast path", err)
			}
			if _, err := p.Execute(ctx, 0, w); err != nil {
				t.Fatal(err)
			}
			p.Close()
		})
		if w.rows != 1 {
			t.Fatalf("%d rows", w.rows)
		}
		if allocs > 2 {
			t.Errorf("format %d: Bind+Execute of a cache hit allocate %.0f times, want at most 2", format, allocs)
		}
		t.Logf("format %d: %.0f allocations", format, allocs)
	}
}
