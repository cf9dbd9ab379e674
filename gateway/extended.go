package gateway

import (
	"context"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// The extended query protocol. Parse plans a statement once (Prepare);
// Describe answers from the plan's column types when it knows them all, or
// else asks the warehouse for the types of the statement's SQL (its
// description where the connector can give one without running it, else
// the SQL wrapped to return no rows); Bind substitutes the parameters' values into the plan
// (plan.Bind); Execute prints the bound plan in the warehouse's dialect and
// streams its rows, pausing at the client's row limit (portal.go).

// Prepare plans the statement of a Parse message.
func (s *Session) Prepare(ctx context.Context, sql string, paramOIDs []uint32) (wire.Prepared, error) {
	st, err := s.planOne(ctx, sql)
	if err != nil {
		s.failTx()
		return nil, err
	}
	params, err := paramTypes(st, paramOIDs)
	if err != nil {
		s.failTx()
		return nil, err
	}
	p := &prepared{s: s, st: st, params: params, planned: time.Now(), version: s.gw.tables.ver.Load()}
	if p.fast = constantPlan(st, params); p.fast != nil {
		p.cols, p.described = p.fast.cols, true // PostgreSQL's types, not the warehouse's
	}
	return p, nil
}

// planOne plans the one statement a prepared statement may hold; nil for
// an empty string.
func (s *Session) planOne(ctx context.Context, sql string) (*planner.Statement, error) {
	stmts, err := s.planner().Plan(ctx, sql)
	switch {
	case err != nil:
		return nil, err
	case len(stmts) > 1:
		return nil, sqlerr.New(sqlerr.Syntax, "cannot insert multiple commands into a prepared statement")
	case len(stmts) == 0:
		return nil, nil
	}
	st := stmts[0]
	if err := s.runnable(st); err != nil {
		return nil, err
	}
	return st, st.Err
}

// prepared is a planned statement; st is nil for an empty one.
type prepared struct {
	s      *Session
	st     *planner.Statement
	params []paramType

	described bool
	cols      []wire.Column
	// fast is set for a constant SELECT the session answers (fastpath.go).
	fast *fastPlan

	// planned and version are when st was planned and the schema cache's
	// version then; stale is set while a re-plan gives another result
	// type, so that every Bind plans again (replan.go).
	planned time.Time
	version uint64
	stale   bool

	lookup *fastLookup // a lookup's fast Bind (online_fast.go); nil until the first Bind
}

func (p *prepared) ParamOIDs() []uint32 {
	out := make([]uint32, len(p.params))
	for i, pt := range p.params {
		out[i] = pt.oid
	}
	return out
}

func (p *prepared) Close() {}

// Columns describes the statement's rows once and remembers them, so that
// every portal of the statement gives the client the same columns.
func (p *prepared) Columns(ctx context.Context) ([]wire.Column, error) {
	if p.st != nil && p.st.Kind == planner.KindFetch {
		return p.s.fetchColumns(p.st.Fetch), nil // the cursor's, as it is now
	}
	if !p.described && p.st != nil && p.st.Kind == planner.KindCatalog {
		cols, err := p.s.catalogColumns(ctx, p.st.Catalog, p.params)
		if err != nil {
			p.s.failTx()
			return nil, err
		}
		p.cols, p.described = cols, true
	}
	if !p.described {
		cols, err := p.s.statementColumns(ctx, p.st, nullParams(p.params))
		if err != nil {
			p.s.failTx()
			return nil, err
		}
		p.cols, p.described = cols, true
	}
	return p.cols, nil
}

func (p *prepared) Bind(ctx context.Context, raw [][]byte, formats []int16) (wire.Portal, error) {
	if lp, ok := p.bindFastLookup(raw, formats); ok {
		return lp, nil
	}
	if p.st != nil {
		if err := p.s.runnable(p.st); err != nil {
			return nil, err
		}
	}
	if p.fast != nil {
		// No schema to re-plan against; values outside the subset go on.
		if portal, ok, err := p.bindConstant(raw, formats); ok || err != nil {
			if err != nil {
				p.s.failTx()
			}
			return portal, err
		}
	} else if err := p.replan(ctx); err != nil {
		p.s.failTx()
		return nil, err
	}
	raw = zonedTimestamps(p.s.types, p.params, raw, formats, p.s.loc)
	values, err := paramValues(p.s.types, p.params, raw, formats)
	if err != nil {
		p.s.failTx()
		return nil, err
	}
	if p.st != nil && p.st.Kind == planner.KindCatalog {
		st, err := bindCatalog(p.st, catalogText(raw, formats, values), paramOIDs(p.params))
		if err != nil {
			p.s.failTx()
			return nil, err
		}
		return &portal{s: p.s, prep: p, st: st}, nil
	}
	return &portal{s: p.s, prep: p, st: bindStatement(p.st, values)}, nil
}

// bindCatalog is a catalog statement with its parameters in its SQL.
func bindCatalog(st *planner.Statement, params []*string, oids []uint32) (*planner.Statement, error) {
	sql, err := st.Catalog.Bind(params, oids)
	if err != nil {
		return nil, err
	}
	bound := *st
	bound.Catalog = &planner.CatalogQuery{Text: st.Catalog.Text, SQL: sql, SetConfig: st.Catalog.SetConfig}
	return &bound, nil
}

// catalogText is each parameter's PostgreSQL text: as sent when the client
// sent text, else from its decoded value.
func catalogText(raw [][]byte, formats []int16, values []plan.Expr) []*string {
	decoded := catalogParams(values)
	out := make([]*string, len(raw))
	for i, r := range raw {
		switch {
		case r == nil:
		case i < len(formats) && formats[i] == 0:
			text := string(r)
			out[i] = &text
		default:
			out[i] = decoded[i]
		}
	}
	return out
}

// bindStatement is st with its parameters replaced by values; st itself is
// not changed, so the statement can be bound again.
func bindStatement(st *planner.Statement, values []plan.Expr) *planner.Statement {
	if bound, ok := bindOnline(st, values); ok {
		return bound
	}
	if st == nil || st.Query == nil || len(values) == 0 {
		return st
	}
	bound := *st
	q := *st.Query
	q.Root = plan.Bind(q.Root, values)
	bound.Query = &q
	return &bound
}

// statementColumns is the RowDescription of st, nil for a statement
// without rows. values stand for the parameters.
func (s *Session) statementColumns(ctx context.Context, st *planner.Statement, values []plan.Expr) ([]wire.Column, error) {
	if st == nil {
		return nil, nil
	}
	switch st.Kind {
	case planner.KindQuery:
		if cols, ok := planColumns(st.Query); ok {
			return cols, nil
		}
		return s.probeColumns(ctx, bindStatement(st, values).Query)
	case planner.KindExplain:
		return []wire.Column{textColumn("QUERY PLAN")}, nil
	case planner.KindOnline:
		return lookupColumns(st.Online), nil
	case planner.KindShow:
		if st.Show == "all" {
			return []wire.Column{textColumn("name"), textColumn("setting"), textColumn("description")}, nil
		}
		name := st.Show
		if name == "time zone" {
			name = "timezone"
		}
		return []wire.Column{textColumn(displayName(name))}, nil
	}
	return nil, nil
}

// planColumns describes a query from its plan, when the plan knows the
// type of every column.
func planColumns(q *planner.Query) ([]wire.Column, bool) {
	out := make([]wire.Column, len(q.Columns))
	for i, c := range q.Columns {
		oid, size, ok := lookupType(string(c.Type))
		if !ok {
			return nil, false
		}
		out[i] = wire.Column{Name: c.Name, TypeOID: oid, TypeSize: size, TypeMod: typeMod(c.Type)}
	}
	return out, true
}

// probeColumns asks the warehouse for the types of q's columns: from its
// description of the statement where it can give one without running it
// (warehouse.Describer), else by running it under LIMIT 0, which the
// warehouse plans but returns no rows for.
func (s *Session) probeColumns(ctx context.Context, q *planner.Query) ([]wire.Column, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if d, ok := s.gw.wh.(warehouse.Describer); ok && !q.Temp {
		sql, err := dialects.Print(s.gw.dialect, q.Root)
		if err != nil {
			return nil, err
		}
		cols, err := d.Describe(ctx, sql)
		if err != nil {
			return nil, s.queryError(ctx, err)
		}
		return s.describe(q.Columns, cols), nil
	}
	probe := &plan.Limit{Input: q.Root, Count: &plan.Const{Value: int64(0), Type: "int8"}}
	sql, err := dialects.Print(s.gw.dialect, probe)
	if err != nil {
		return nil, err
	}
	rows, err := s.warehouseFor(q).Query(ctx, sql)
	if err != nil {
		return nil, s.queryError(ctx, err)
	}
	defer rows.Close()
	return s.describe(q.Columns, rows.Columns()), nil
}
