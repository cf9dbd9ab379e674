package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// portal is a bound statement. A query streams from the warehouse: its
// result stays open between the Executes of a client fetching in chunks,
// under a context of its own (run) that outlives each Execute's, which
// cancels it only while that Execute runs. Other statements run at the
// first Execute into a buffer the portal then pages through.
type portal struct {
	s    *Session
	prep *prepared
	st   *planner.Statement // bound; nil for an empty statement

	cols    []wire.Column // as described to the client; fixed at the first Execute
	rows    warehouse.Rows
	stopRun context.CancelCauseFunc
	buf     *buffered // the result of a statement the session answers
	sent    int       // rows of buf already sent
	done    bool
	started time.Time // the first Execute, for the statement's duration
}

// Columns are the statement's: a portal gives the client what Describe of
// its statement would.
func (p *portal) Columns(ctx context.Context) ([]wire.Column, error) {
	return p.prep.Columns(ctx)
}

func (p *portal) Execute(ctx context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	if p.started.IsZero() {
		p.started = time.Now()
	}
	suspended, err := p.execute(ctx, maxRows, w)
	if err != nil {
		p.Close()
		p.s.failTx()
	}
	if !suspended && p.st != nil {
		p.s.gw.metrics.statement(p.st.Kind, p.started, err)
	}
	return suspended, err
}

func (p *portal) execute(ctx context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	switch {
	case p.st == nil:
		return false, w.EmptyQuery()
	case p.st.Kind == planner.KindQuery:
		return p.executeQuery(ctx, maxRows, w)
	case p.st.Kind == planner.KindOnline && maxRows == 0 && p.buf == nil:
		return p.executeLookup(ctx, w)
	case p.st.Kind == planner.KindFetch && maxRows == 0 && p.buf == nil:
		return false, p.s.statement(ctx, p.st, w) // streams from the cursor
	case p.st.Kind == planner.KindCopy:
		return false, p.s.statement(ctx, p.st, w) // streams; COPY ignores the row limit
	}
	return p.executeSession(ctx, maxRows, w)
}

func (p *portal) executeQuery(ctx context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	if p.done {
		return false, w.Complete("SELECT 0")
	}
	ctx, cancel := p.s.timeout(ctx)
	defer cancel()
	if p.rows == nil {
		if err := p.open(ctx, w); err != nil {
			return false, err
		}
	}
	// The run ends with this Execute's context while it runs, and not after.
	stop := context.AfterFunc(ctx, func() { p.stopRun(context.Cause(ctx)) })
	defer stop()
	n := 0
	for maxRows == 0 || n < maxRows {
		if !p.rows.Next() {
			return false, p.finish(ctx, n, w)
		}
		if err := w.Row(p.s.wireValues(p.rows.Values(), p.cols)); err != nil {
			return false, err
		}
		n++
	}
	return true, nil // as PostgreSQL: suspended at the limit, even with no row left
}

// open starts the query on the warehouse and describes its rows.
func (p *portal) open(ctx context.Context, w wire.ResultWriter) error {
	if err := p.s.runnable(p.st); err != nil {
		return err
	}
	run, stopRun := context.WithCancelCause(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { stopRun(context.Cause(ctx)) })
	defer stop()
	rows, _, err := p.s.queryRows(run, p.st.Query) // upload.go
	if err != nil {
		stopRun(nil)
		return p.s.queryError(ctx, err)
	}
	p.rows, p.stopRun = rows, stopRun
	// Columns the client was told stay; a client that asked nothing gets
	// the warehouse's types, as in the simple protocol.
	p.cols = p.prep.cols
	if !p.prep.described {
		p.cols = p.s.describe(p.st.Query.Columns, rows.Columns())
	}
	return w.Describe(p.cols)
}

func (p *portal) finish(ctx context.Context, n int, w wire.ResultWriter) error {
	if err := p.rows.Err(); err != nil {
		return p.s.queryError(ctx, err)
	}
	p.Close()
	p.done = true
	return w.Complete(fmt.Sprintf("SELECT %d", n))
}

// executeSession runs SET, SHOW, EXPLAIN, BEGIN... at the first Execute
// and pages through the rows it answered.
func (p *portal) executeSession(ctx context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	if p.buf == nil {
		p.buf = &buffered{w: w}
		if err := p.s.statement(ctx, p.st, p.buf); err != nil {
			return false, err
		}
		if p.buf.empty {
			return false, nil
		}
		if p.buf.cols != nil {
			if err := w.Describe(p.buf.cols); err != nil {
				return false, err
			}
		}
	}
	p.buf.w = w
	start, end := p.sent, len(p.buf.rows)
	if maxRows > 0 && start+maxRows < end {
		end = start + maxRows
	}
	for ; p.sent < end; p.sent++ {
		if err := w.Row(p.buf.rows[p.sent]); err != nil {
			return false, err
		}
	}
	if maxRows > 0 && p.sent-start == maxRows {
		return true, nil
	}
	return false, w.Complete(p.buf.tag)
}

// Close ends the portal's warehouse query, if one is open.
func (p *portal) Close() {
	if p.rows != nil {
		p.rows.Close()
		p.rows = nil
	}
	if p.stopRun != nil {
		p.stopRun(nil)
		p.stopRun = nil
	}
}

// buffered keeps the result of a statement the session answers, so that a
// portal can page through it. Notices and parameter changes go straight
// to the client, as they would in the simple protocol.
type buffered struct {
	w     wire.ResultWriter
	cols  []wire.Column
	rows  [][]any
	tag   string
	empty bool
}

func (b *buffered) Describe(cols []wire.Column) error { b.cols = cols; return nil }
func (b *buffered) Row(values []any) error {
	b.rows = append(b.rows, append([]any(nil), values...))
	return nil
}
func (b *buffered) Complete(tag string) error            { b.tag = tag; return nil }
func (b *buffered) EmptyQuery() error                    { b.empty = true; return b.w.EmptyQuery() }
func (b *buffered) Notice(message string) error          { return b.w.Notice(message) }
func (b *buffered) ParameterStatus(name, v string) error { return b.w.ParameterStatus(name, v) }

// A COPY runs unbuffered (copy.go); a buffered statement never copies.
func (b *buffered) CopyOut([]wire.Column, wire.CopyFormat) (wire.CopyWriter, error) {
	return nil, sqlerr.New(sqlerr.Internal, "gateway: COPY inside a buffered result")
}
func (b *buffered) CopyIn([]wire.Column, wire.CopyFormat) (wire.CopyReader, error) {
	return nil, sqlerr.New(sqlerr.Internal, "gateway: COPY inside a buffered result")
}
