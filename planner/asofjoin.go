package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// asofCond is a bound ASOF condition: right columns by name, each paired
// with a left expression.
type asofCond struct {
	keys   []asofKey
	ts     string
	leftTS plan.Expr
	strict bool
}

type asofKey struct {
	right string
	left  plan.Expr
	at    int
}

const asofHint = "write ON <alias>.<key> = <left>.<key> AND <alias>.event_timestamp <= <left>.<ts>, " +
	"or MATCH_CONDITION (<left>.<ts> >= <alias>.event_timestamp) ON <alias>.<key> = <left>.<key>"

func (b *binder) asofJoin(j *pg.JoinExpr, left plan.Node, lrels []*rel, sc *scope) (plan.Node, []*rel, error) {
	rv := j.Rarg.GetRangeVar()
	at := pos(rv.Location)
	inner := j.Jointype == pg.JoinType_JOIN_INNER
	if !inner && j.Jointype != pg.JoinType_JOIN_LEFT {
		return nil, nil, sqlerr.Unsupported("ASOF RIGHT and FULL joins").At(at).WithHint("use ASOF JOIN or ASOF LEFT JOIN")
	}
	if j.Quals == nil || len(j.UsingClause) > 0 || j.IsNatural {
		return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported, "ASOF JOIN needs an ON condition").At(at).WithHint(asofHint)
	}
	alias := rv.Relname
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	lscope := &scope{rels: lrels, parent: sc.parent}
	if rv.Schemaname == "" || rv.Schemaname == featuresSchema {
		if s := b.p.repo.Service(rv.Relname); s != nil && b.lookupCTE(rv.Relname) == nil {
			return b.asofService(s, j, alias, inner, left, lrels, lscope, at)
		}
		if v := b.p.repo.View(rv.Relname); v != nil && (rv.Schemaname != "" || b.lookupCTE(rv.Relname) == nil) {
			return b.asofView(v, j, alias, inner, left, lrels, lscope, at)
		}
	}
	return b.asofTable(rv, j, alias, inner, left, lrels, lscope, at)
}

// asofConditions splits the ON condition into key equalities and exactly
// one time inequality, each between a right column and a left expression.
func (b *binder) asofConditions(quals *pg.Node, alias string, right []string, lscope *scope) (*asofCond, error) {
	cond := &asofCond{}
	inequalities := 0
	for _, c := range conjuncts(quals) {
		a := c.GetAExpr()
		if a == nil || a.Kind != pg.A_Expr_Kind_AEXPR_OP || a.Lexpr == nil {
			return nil, badASOFCondition(c, "each ASOF condition must be an equality or the time inequality")
		}
		op := opName(a.Name)
		lname, lIsRight, err := rightColumn(a.Lexpr, alias, right, lscope)
		if err != nil {
			return nil, err
		}
		rname, rIsRight, err := rightColumn(a.Rexpr, alias, right, lscope)
		if err != nil {
			return nil, err
		}
		if lIsRight == rIsRight {
			return nil, badASOFCondition(c, "each ASOF condition must compare one column of "+alias+" with the left side")
		}
		name, other := lname, a.Rexpr
		if rIsRight {
			name, other, op = rname, a.Lexpr, flip(op)
		}
		leftExpr, err := b.expr(other, lscope)
		if err != nil {
			return nil, err
		}
		switch op {
		case "=":
			cond.keys = append(cond.keys, asofKey{right: name, left: leftExpr, at: pos(a.Location)})
		case "<=", "<":
			inequalities++
			cond.ts, cond.leftTS, cond.strict = name, leftExpr, op == "<"
		case ">=", ">":
			return nil, badASOFCondition(c, "an ASOF join looks back in time: "+alias+"."+name+" must be <= (or <) the left side's time")
		default:
			return nil, badASOFCondition(c, "operator "+op+" is not allowed in an ASOF condition")
		}
	}
	if inequalities != 1 {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported,
			"ASOF JOIN needs exactly one time inequality (<= or <), found %d", inequalities).
			At(pos(locationOf(quals))).WithHint(asofHint)
	}
	return cond, nil
}

// flip turns "l op r" into "r op' l".
func flip(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

func badASOFCondition(n *pg.Node, msg string) error {
	return sqlerr.New(sqlerr.FeatureNotSupported, "%s", msg).At(pos(locationOf(n))).WithHint(asofHint)
}

func conjuncts(n *pg.Node) []*pg.Node {
	if be := n.GetBoolExpr(); be != nil && be.Boolop == pg.BoolExprType_AND_EXPR {
		var out []*pg.Node
		for _, a := range be.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []*pg.Node{n}
}

// rightColumn reports whether n is a bare column of the ASOF join's right side.
func rightColumn(n *pg.Node, alias string, right []string, lscope *scope) (string, bool, error) {
	cr := n.GetColumnRef()
	if cr == nil {
		return "", false, nil
	}
	var parts []string
	for _, f := range cr.Fields {
		if s := f.GetString_(); s != nil {
			parts = append(parts, s.Sval)
		}
	}
	if len(parts) != len(cr.Fields) {
		return "", false, nil
	}
	name := parts[len(parts)-1]
	has := false
	for _, r := range right {
		has = has || r == name
	}
	if len(parts) >= 2 {
		if parts[len(parts)-2] != alias {
			return "", false, nil
		}
		if !has {
			return "", false, sqlerr.New(sqlerr.UndefinedColumn, "column %s.%s does not exist", alias, name).At(pos(cr.Location))
		}
		return name, true, nil
	}
	if !has {
		return "", false, nil
	}
	if _, err := lscope.column(parts, 0); err == nil {
		return "", false, sqlerr.New(sqlerr.AmbiguousColumn, "column reference %q is ambiguous", name).At(pos(cr.Location))
	}
	return name, true, nil
}

func locationOf(n *pg.Node) int32 {
	switch {
	case n.GetAExpr() != nil:
		return n.GetAExpr().Location
	case n.GetBoolExpr() != nil:
		return n.GetBoolExpr().Location
	case n.GetColumnRef() != nil:
		return n.GetColumnRef().Location
	case n.GetFuncCall() != nil:
		return n.GetFuncCall().Location
	case n.GetNullTest() != nil:
		return n.GetNullTest().Location
	}
	return -1
}

// comparable reports whether the tie-break may order by a column of type t.
func comparable(t plan.Type) bool {
	switch t {
	case "json", "jsonb":
		return false
	}
	return len(t) < 2 || t[len(t)-2:] != "[]"
}
