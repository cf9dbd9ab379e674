package gateway

import (
	"context"
	"errors"
	"time"

	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// The constant fast path: a SELECT without FROM in the planner's constant
// subset (planner/constant.go) — `SELECT 1`, the health check of every
// pool and ORM — is answered by the session itself, in the simple and the
// extended protocol, without a round trip to the warehouse. Its columns
// are known at Parse; a statement without parameters is evaluated once per
// prepared statement, so each Bind/Execute/Sync only writes the row. A
// value the subset does not read exactly (ErrNotConstant) sends the
// statement the usual way, to the warehouse.

// fastPlan is a prepared statement's constant SELECT.
type fastPlan struct {
	c    *planner.ConstSelect
	cols []wire.Column
	// row and err are the result of a statement without parameters,
	// computed at its first Bind.
	evaluated bool
	row       []any
	err       error
}

// constantPlan is st's constant SELECT, nil when st has none.
func constantPlan(st *planner.Statement, params []paramType) *fastPlan {
	if st == nil || st.Kind != planner.KindQuery || st.Err != nil {
		return nil
	}
	types := make([]plan.Type, len(params))
	for i, p := range params {
		types[i] = p.typ
	}
	c, ok := planner.ConstantSelect(st.Query, types)
	if !ok {
		return nil
	}
	return &fastPlan{c: c, cols: constColumns(c)}
}

func constColumns(c *planner.ConstSelect) []wire.Column {
	out := make([]wire.Column, len(c.Columns))
	for i, col := range c.Columns {
		oid, size, _ := lookupType(string(col.Type))
		out[i] = wire.Column{Name: col.Name, TypeOID: oid, TypeSize: size, TypeMod: -1}
	}
	return out
}

// eval is the row for the Bind's parameter values; ok false sends the
// statement to the warehouse.
func (f *fastPlan) eval(values []plan.Expr) (row []any, ok bool, err error) {
	if f.c.NumParams == 0 {
		if !f.evaluated {
			f.row, f.err = f.c.Eval(nil)
			f.evaluated = true
		}
		row, err = f.row, f.err
	} else {
		row, err = f.c.Eval(values)
	}
	if errors.Is(err, planner.ErrNotConstant) {
		return nil, false, nil
	}
	return row, true, err
}

// bindConstant makes the portal of a constant SELECT; ok false when the
// values take the statement to the warehouse.
func (p *prepared) bindConstant(raw [][]byte, formats []int16) (wire.Portal, bool, error) {
	var values []plan.Expr
	if len(p.params) > 0 {
		var err error
		values, err = paramValues(p.s.types, p.params, raw, formats)
		if err != nil {
			return nil, true, err
		}
	}
	row, ok, err := p.fast.eval(values)
	if !ok || err != nil {
		return nil, ok, err
	}
	return &constPortal{s: p.s, prep: p, row: row}, true, nil
}

// constPortal is a bound constant SELECT: one row, which an Execute with a
// row limit of 1 leaves suspended, as PostgreSQL does.
type constPortal struct {
	s       *Session
	prep    *prepared
	row     []any
	sent    bool
	done    bool
	started time.Time
}

func (p *constPortal) Columns(context.Context) ([]wire.Column, error) { return p.prep.fast.cols, nil }

func (p *constPortal) Execute(_ context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	if p.started.IsZero() {
		p.started = time.Now()
	}
	suspended, err := p.execute(maxRows, w)
	if err != nil {
		p.s.failTx()
	}
	if !suspended {
		p.s.gw.metrics.statement(planner.KindQuery, p.started, err)
	}
	return suspended, err
}

func (p *constPortal) execute(maxRows int, w wire.ResultWriter) (bool, error) {
	if p.done || p.sent {
		p.done = true
		return false, w.Complete("SELECT 0") // resumed after the row
	}
	if err := p.s.runnable(p.prep.st); err != nil {
		return false, err
	}
	if err := w.Describe(p.prep.fast.cols); err != nil {
		return false, err
	}
	if err := w.Row(p.row); err != nil {
		return false, err
	}
	p.sent = true
	if maxRows == 1 {
		return true, nil
	}
	p.done = true
	return false, w.Complete("SELECT 1")
}

func (p *constPortal) Close() {}

// runConstant answers a simple Query's constant SELECT; ok false when q is
// none, or its values take it to the warehouse.
func (s *Session) runConstant(q *planner.Query, w wire.ResultWriter) (bool, error) {
	c, ok := planner.ConstantSelect(q, nil)
	if !ok {
		return false, nil
	}
	row, err := c.Eval(nil)
	switch {
	case errors.Is(err, planner.ErrNotConstant):
		return false, nil
	case err != nil:
		return true, err
	}
	if err := w.Describe(constColumns(c)); err != nil {
		return true, err
	}
	if err := w.Row(row); err != nil {
		return true, err
	}
	return true, w.Complete("SELECT 1")
}
