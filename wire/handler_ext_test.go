package wire

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgtype"
)

// The test handler's extended protocol. Any query the test handler answers
// can be prepared: its answer runs once, into a recorder, when the portal is
// first described or executed, and Execute pages through what was recorded,
// so every path of wire's portal handling is reachable from testQueries.
// Two statements take parameters:
//   - "SELECT echo" returns one row holding each parameter, decoded with
//     pgtype from its format and typed as the client typed it (text when
//     it sent OID 0): a round trip of the parameter encodings.
//   - "SELECT series" takes a count ($1, int8 unless the client says
//     otherwise) and returns the integers 1..count.

// openObjects counts a session's open statements and portals, to check
// that wire closes them.
type openObjects struct{ statements, portals atomic.Int32 }

func (s *testSession) Prepare(ctx context.Context, sql string, oids []uint32) (Prepared, error) {
	q := strings.TrimSpace(sql)
	st := &testStatement{s: s, sql: q}
	switch {
	case q == "SELECT echo":
		st.oids = oids
		for i, oid := range st.oids {
			if oid == 0 {
				st.oids[i] = pgtype.TextOID
			}
		}
	case q == "SELECT series":
		st.oids = []uint32{pgtype.Int8OID}
		if len(oids) == 1 && oids[0] != 0 {
			st.oids[0] = oids[0]
		}
	case strings.HasPrefix(q, "SELECT value "):
	default:
		if _, ok := testQueries[q]; !ok {
			return nil, &testErr{code: "42601", message: fmt.Sprintf("syntax error at or near %q", q), position: 1}
		}
	}
	s.open.statements.Add(1)
	return st, nil
}

type testStatement struct {
	s    *testSession
	sql  string
	oids []uint32
}

func (st *testStatement) ParamOIDs() []uint32 { return st.oids }
func (st *testStatement) Close()              { st.s.open.statements.Add(-1) }

func (st *testStatement) Columns(ctx context.Context) ([]Column, error) {
	p, err := st.Bind(ctx, make([][]byte, len(st.oids)), make([]int16, len(st.oids)))
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Columns(ctx)
}

func (st *testStatement) Bind(_ context.Context, params [][]byte, formats []int16) (Portal, error) {
	values := make([]any, len(params))
	types := pgtype.NewMap()
	for i, raw := range params {
		t, ok := types.TypeForOID(st.oids[i])
		if !ok {
			return nil, &testErr{code: "42704", message: fmt.Sprintf("type OID %d does not exist", st.oids[i])}
		}
		v, err := t.Codec.DecodeValue(types, st.oids[i], formats[i], raw)
		if err != nil {
			return nil, &testErr{code: "22P02", message: fmt.Sprintf("parameter $%d: %v", i+1, err)}
		}
		values[i] = v
	}
	st.s.open.portals.Add(1)
	return &testPortal{st: st, params: values}, nil
}

// answer is what the statement runs with the bound values.
func (st *testStatement) answer(values []any) answer {
	switch {
	case st.sql == "SELECT echo":
		return func(_ context.Context, _ *testSession, w ResultWriter) error {
			cols := make([]Column, len(values))
			for i, oid := range st.oids {
				cols[i] = Column{Name: "p" + strconv.Itoa(i+1), TypeOID: oid, TypeSize: -1, TypeMod: -1}
			}
			return writeRows(w, cols, values)
		}
	case st.sql == "SELECT series":
		return func(_ context.Context, _ *testSession, w ResultWriter) error {
			n, _ := values[0].(int64)
			if n < 0 || n > 1_000_000 {
				// The fuzzer binds any number: refuse what a test never asks for.
				return &testErr{code: "22003", message: "series length out of range"}
			}
			rows := make([][]any, n)
			for i := range rows {
				rows[i] = []any{int64(i + 1)}
			}
			return writeRows(w, []Column{{Name: "n", TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1}}, rows...)
		}
	case strings.HasPrefix(st.sql, "SELECT value "):
		return func(_ context.Context, _ *testSession, w ResultWriter) error {
			return writeTypeCase(w, strings.TrimPrefix(st.sql, "SELECT value "))
		}
	}
	return testQueries[st.sql]
}

type testPortal struct {
	st     *testStatement
	params []any
	rec    *recorder // the answer, once run
	sent   int       // rows already sent
	closed bool
}

func (p *testPortal) Close() {
	if !p.closed {
		p.closed = true
		p.st.s.open.portals.Add(-1)
	}
}

func (p *testPortal) record(ctx context.Context) *recorder {
	if p.rec == nil {
		p.rec = &recorder{}
		p.rec.err = p.st.answer(p.params)(ctx, p.st.s, p.rec)
	}
	return p.rec
}

func (p *testPortal) Columns(ctx context.Context) ([]Column, error) {
	switch p.st.sql {
	case "SELECT sleep", "SELECT bare cancel":
		return []Column{int4Col}, nil // describing must not wait
	}
	return p.record(ctx).cols, nil
}

func (p *testPortal) Execute(ctx context.Context, maxRows int, w ResultWriter) (bool, error) {
	first := p.rec == nil || p.sent == 0
	rec := p.record(ctx)
	if first {
		if err := rec.replayMessages(w); err != nil {
			return false, err
		}
	}
	end := len(rec.rows)
	if maxRows > 0 && p.sent+maxRows < end {
		end = p.sent + maxRows
	}
	start := p.sent
	for ; p.sent < end; p.sent++ {
		if err := w.Row(rec.rows[p.sent]); err != nil {
			return false, err
		}
	}
	if maxRows > 0 && p.sent-start == maxRows {
		return true, nil // as PostgreSQL, even when no row is left
	}
	if rec.err != nil {
		return false, rec.err
	}
	if rec.empty {
		return false, w.EmptyQuery()
	}
	tag := rec.tag
	if strings.HasPrefix(tag, "SELECT ") {
		tag = fmt.Sprintf("SELECT %d", p.sent-start)
	}
	return false, w.Complete(tag)
}

// recorder is a ResultWriter that keeps one result.
type recorder struct {
	cols     []Column
	rows     [][]any
	tag      string
	empty    bool
	notices  []string
	statuses [][2]string
	err      error
}

func (r *recorder) Describe(cols []Column) error { r.cols = cols; return nil }
func (r *recorder) Row(values []any) error {
	r.rows = append(r.rows, append([]any(nil), values...))
	return nil
}
func (r *recorder) Complete(tag string) error {
	if r.tag != "" {
		return &testErr{code: "0A000", message: "a statement with several results cannot be prepared"}
	}
	r.tag = tag
	return nil
}
func (r *recorder) EmptyQuery() error           { r.empty = true; return nil }
func (r *recorder) Notice(message string) error { r.notices = append(r.notices, message); return nil }
func (r *recorder) ParameterStatus(n, v string) error {
	r.statuses = append(r.statuses, [2]string{n, v})
	return nil
}

// replayMessages sends what the answer sent besides rows, and describes
// the result.
func (r *recorder) replayMessages(w ResultWriter) error {
	for _, n := range r.notices {
		if err := w.Notice(n); err != nil {
			return err
		}
	}
	for _, st := range r.statuses {
		if err := w.ParameterStatus(st[0], st[1]); err != nil {
			return err
		}
	}
	if r.cols != nil {
		return w.Describe(r.cols)
	}
	return nil
}

// COPY is not recorded: a prepared COPY answers 0A000 in these tests.
func (r *recorder) CopyOut([]Column, CopyFormat) (CopyWriter, error) {
	return nil, &testErr{code: "0A000", message: "COPY cannot be recorded"}
}
func (r *recorder) CopyIn([]Column, CopyFormat) (CopyReader, error) {
	return nil, &testErr{code: "0A000", message: "COPY cannot be recorded"}
}
