package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

func (b *binder) targets(list []*pg.Node, sc *scope) ([]target, error) {
	var out []target
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			return nil, sqlerr.New(sqlerr.Internal, "planner: unexpected select-list node")
		}
		if stars, ok, err := b.star(rt.Val, sc); ok || err != nil {
			if err != nil {
				return nil, err
			}
			out = append(out, stars...)
			continue
		}
		e, err := b.expr(rt.Val, sc)
		if err != nil {
			return nil, err
		}
		name := rt.Name
		if name == "" {
			name = columnName(rt.Val)
		}
		out = append(out, target{name: name, expr: e, typ: exprType(e, sc)})
	}
	return out, nil
}

// star expands * and alias.* in a select list.
func (b *binder) star(n *pg.Node, sc *scope) ([]target, bool, error) {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 || cr.Fields[len(cr.Fields)-1].GetAStar() == nil {
		return nil, false, nil
	}
	var cols []plan.Column
	switch len(cr.Fields) {
	case 1:
		for _, r := range sc.rels {
			if r.open != nil {
				return nil, true, openStar(r, cr)
			}
		}
		cols = sc.allColumns()
		if len(sc.rels) == 0 {
			return nil, true, sqlerr.New(sqlerr.Syntax, "SELECT * with no tables specified is not valid").At(pos(cr.Location))
		}
	default:
		alias := cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
		r := sc.relByAlias(alias)
		if r == nil {
			return nil, true, sqlerr.New(sqlerr.UndefinedTable, "missing FROM-clause entry for table %q", alias).At(pos(cr.Location))
		}
		if r.open != nil {
			return nil, true, openStar(r, cr)
		}
		cols = r.cols
	}
	out := make([]target, len(cols))
	for i, c := range cols {
		out[i] = target{name: c.Name, expr: &plan.ColRef{ID: c.ID, Name: c.Name}, typ: c.Type}
	}
	return out, true, nil
}

func openStar(r *rel, cr *pg.ColumnRef) error {
	return sqlerr.New(sqlerr.FeatureNotSupported, "* needs the columns of %s, which are unknown without a warehouse", r.alias).
		At(pos(cr.Location)).WithHint("name the columns, or give pitgate a warehouse to read the schema from")
}

// columnName is the name PostgreSQL gives an unnamed select-list item.
func columnName(n *pg.Node) string {
	switch {
	case n.GetColumnRef() != nil:
		f := n.GetColumnRef().Fields
		if s := f[len(f)-1].GetString_(); s != nil {
			return s.Sval
		}
	case n.GetFuncCall() != nil:
		f := n.GetFuncCall().Funcname
		return f[len(f)-1].GetString_().GetSval()
	case n.GetTypeCast() != nil:
		return castColumnName(n.GetTypeCast())
	case n.GetCaseExpr() != nil:
		return "case"
	case n.GetCoalesceExpr() != nil:
		return "coalesce"
	case n.GetMinMaxExpr() != nil:
		if n.GetMinMaxExpr().Op == pg.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case n.GetSqlvalueFunction() != nil:
		return sqlValueFunctionName(n.GetSqlvalueFunction().Op)
	case n.GetSubLink() != nil:
		sl := n.GetSubLink()
		switch sl.SubLinkType {
		case pg.SubLinkType_EXISTS_SUBLINK:
			return "exists"
		case pg.SubLinkType_ARRAY_SUBLINK:
			return "array"
		case pg.SubLinkType_EXPR_SUBLINK:
			if sel := sl.Subselect.GetSelectStmt(); sel != nil && len(sel.TargetList) == 1 {
				rt := sel.TargetList[0].GetResTarget()
				if rt.Name != "" {
					return rt.Name
				}
				return columnName(rt.Val)
			}
		}
	case n.GetAArrayExpr() != nil:
		return "array"
	case n.GetRowExpr() != nil:
		return "row"
	}
	return "?column?"
}

func sqlValueFunctionName(op pg.SQLValueFunctionOp) string {
	name := strings.TrimPrefix(op.String(), "SVFOP_")
	name = strings.TrimSuffix(name, "_N")
	return strings.ToLower(name)
}

// exprType is the type of e where binding knows it, else "".
func exprType(e plan.Expr, sc *scope) plan.Type {
	switch e := e.(type) {
	case *plan.ColRef:
		for s := sc; s != nil; s = s.parent {
			for _, r := range s.rels {
				for _, c := range r.cols {
					if c.ID == e.ID {
						return c.Type
					}
				}
			}
		}
	case *plan.Cast:
		return e.Type
	case *plan.Const:
		switch e.Value.(type) {
		case int64:
			return "int8"
		case bool:
			return "bool"
		}
		return e.Type
	}
	return ""
}
