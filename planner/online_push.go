package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

const pushHint = "INSERT INTO online.<view> (<join keys>, event_timestamp, <features>) VALUES (...), (...): " +
	"constants, parameters or now()"

// insertStatement binds INSERT INTO online.<view> (cols) VALUES ...: the
// only INSERT pitgate takes (a push into the online store).
func (b *binder) insertStatement(ins *pg.InsertStmt) (*Statement, error) {
	if rv := ins.Relation; rv.Schemaname != onlineSchema || rv.Catalogname != "" {
		return b.tempInsert(ins) // insert.go
	}
	p, err := b.push(ins)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindPush, Push: p}, nil
}

func (b *binder) push(ins *pg.InsertStmt) (*Push, error) {
	rv := ins.Relation
	at := pos(rv.Location)
	if rv.Schemaname != onlineSchema || rv.Catalogname != "" {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "INSERT into %s is not supported: pitgate writes only the online store",
			rv.Relname).At(at).WithHint("%s", pushHint)
	}
	v := b.p.repo.View(rv.Relname)
	switch {
	case v == nil && b.p.repo.Service(rv.Relname) != nil:
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "cannot INSERT into feature service %s", rv.Relname).At(at).
			WithHint("insert into each of its feature views")
	case v == nil:
		return nil, b.unknownOnline(rv.Relname, at)
	case !v.Online:
		return nil, notOnline(v, at)
	case ins.OnConflictClause != nil || len(ins.ReturningList) > 0 || ins.WithClause != nil:
		return nil, sqlerr.New(sqlerr.FeatureNotSupported,
			"ON CONFLICT, RETURNING and WITH are not supported in a push: the store keeps the latest row per key by itself").
			At(at).WithHint("%s", pushHint)
	}
	sel := ins.SelectStmt.GetSelectStmt()
	if sel == nil || len(sel.ValuesLists) == 0 {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "INSERT INTO online.%s takes VALUES rows only", v.Name).At(at).
			WithHint("%s", pushHint)
	}
	vs, err := b.scanView(v, at)
	if err != nil {
		return nil, err
	}
	targets, err := pushTargets(ins.Cols, vs, v)
	if err != nil {
		return nil, err
	}
	p := &Push{View: v, TSType: timeType(vs.ts.Type)}
	for _, k := range vs.keys {
		p.KeyTypes = append(p.KeyTypes, k.Type)
	}
	for _, row := range sel.ValuesLists {
		r, err := b.pushRow(row.GetList().Items, targets, len(ins.Cols) > 0, vs, v)
		if err != nil {
			return nil, err
		}
		p.Rows = append(p.Rows, r)
	}
	p.Params = b.paramTypes()
	return p, nil
}

// pushTargets resolves the column list (none: every column in order) to
// indexes into the view's columns: join keys, event_timestamp, features.
func pushTargets(list []*pg.Node, vs *viewScan, v *registry.FeatureView) ([]int, error) {
	cols := vs.visible()
	var out []int
	if len(list) == 0 {
		for i := range cols {
			out = append(out, i)
		}
		return out, nil
	}
	seen := map[int]bool{}
	for _, n := range list {
		rt := n.GetResTarget()
		i := -1
		for j, c := range cols {
			if c.Name == rt.Name {
				i = j
			}
		}
		switch {
		case len(rt.Indirection) > 0:
			return nil, sqlerr.Unsupported("assigning to a field or element of a column").At(pos(rt.Location))
		case i < 0:
			return nil, sqlerr.New(sqlerr.UndefinedColumn, "column %q of relation \"online.%s\" does not exist", rt.Name, v.Name).
				At(pos(rt.Location))
		case seen[i]:
			return nil, sqlerr.New("42701", "column %q specified more than once", rt.Name).At(pos(rt.Location))
		}
		seen[i] = true
		out = append(out, i)
	}
	for i := 0; i <= len(vs.keys); i++ {
		if !seen[i] {
			return nil, sqlerr.New(codeNotNullPush, "INSERT INTO online.%s must set column %q", v.Name, cols[i].Name).
				WithHint("a push sets every join key and event_timestamp: %s", pushHint)
		}
	}
	return out, nil
}

// codeNotNullPush is not_null_violation: a join key or event_timestamp left out.
const codeNotNullPush = "23502"

// pushRow binds one VALUES row. Without a column list a row may be shorter
// than the view's columns, as in PostgreSQL, but must still set the keys
// and event_timestamp.
func (b *binder) pushRow(items []*pg.Node, targets []int, listed bool, vs *viewScan, v *registry.FeatureView) (PushRow, error) {
	nk := len(vs.keys)
	r := PushRow{Keys: make([]plan.Expr, nk), Values: make([]plan.Expr, len(v.Features))}
	if len(items) > len(targets) {
		return r, sqlerr.New(sqlerr.Syntax, "INSERT has more expressions than target columns").At(nodeAt(items[len(targets)], 0))
	}
	if len(items) < len(targets) && listed {
		return r, sqlerr.New(sqlerr.Syntax, "INSERT has more target columns than expressions").At(nodeAt(items[len(items)-1], 0))
	}
	cols := vs.visible()
	if len(items) <= nk {
		return r, sqlerr.New(codeNotNullPush, "INSERT INTO online.%s must set column %q", v.Name, cols[len(items)].Name).
			WithHint("a push sets every join key and event_timestamp: %s", pushHint)
	}
	for n, item := range items {
		var e plan.Expr = &plan.Const{}
		if item.GetSetToDefault() == nil {
			var err error
			if e, err = b.expr(item, &scope{}); err != nil {
				return r, err
			}
			if !onlineValue(e) {
				return r, sqlerr.New(sqlerr.FeatureNotSupported, "the values of a push must be constants, parameters or now()").
					At(nodeAt(item, 0)).WithHint("%s", pushHint)
			}
		}
		i := targets[n]
		typ := cols[i].Type
		switch {
		case i < nk:
			r.Keys[i] = e
		case i == nk:
			r.EventTS, typ = e, timeType(typ)
		default:
			r.Values[i-nk-1] = e
		}
		b.typeParam(e, typ)
	}
	return r, nil
}
