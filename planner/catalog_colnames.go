package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// nameResultColumns gives every unnamed output column of a catalog query
// the name PostgreSQL would (FigureColname in parse_target.c), before the
// rewrite changes the expressions: clients read catalog results by column
// name (pgjdbc's getColumns reads "attname", psql's \d "format_type"), and
// DuckDB would name them after the rewritten expression.
func nameResultColumns(raw *pg.RawStmt) {
	sel := raw.Stmt.GetSelectStmt()
	for sel != nil && sel.Op != pg.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	if sel == nil {
		return
	}
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Name != "" || rt.Val.GetColumnRef() != nil {
			// DuckDB names a bare column as PostgreSQL does.
			continue
		}
		rt.Name = figureColname(rt.Val)
	}
}

func figureColname(n *pg.Node) string {
	if name, _ := colname(n); name != "" {
		return name
	}
	return "?column?"
}

// colname is FigureColnameInternal: a name and its strength, 2 for a name
// taken from a column or function, 1 for a cast's type name (which CASE
// does not take from its ELSE branch).
func colname(n *pg.Node) (string, int) {
	if tc := n.GetTypeCast(); tc != nil {
		name, strength := colname(tc.Arg)
		if strength <= 1 {
			if tn := qualifiedName(tc.TypeName.Names); len(tn) > 0 {
				return tn[len(tn)-1], 1
			}
		}
		return name, strength
	}
	if ce := n.GetCaseExpr(); ce != nil {
		if ce.Defresult != nil {
			if name, strength := colname(ce.Defresult); strength > 1 {
				return name, strength
			}
		}
		return "case", 1
	}
	if name := colnameOf(n); name != "" {
		return name, 2
	}
	return "", 0
}

func colnameOf(n *pg.Node) string {
	switch x := n.Node.(type) {
	case *pg.Node_ColumnRef:
		if f := qualifiedName(x.ColumnRef.Fields); len(f) > 0 {
			return f[len(f)-1]
		}
	case *pg.Node_AIndirection:
		ind := x.AIndirection.Indirection
		if len(ind) > 0 {
			if s := ind[len(ind)-1].GetString_(); s != nil {
				return s.Sval
			}
		}
		name, _ := colname(x.AIndirection.Arg)
		return name
	case *pg.Node_FuncCall:
		name := qualifiedName(x.FuncCall.Funcname)
		return name[len(name)-1]
	case *pg.Node_AExpr:
		if x.AExpr.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif"
		}
	case *pg.Node_CollateClause:
		name, _ := colname(x.CollateClause.Arg)
		return name
	case *pg.Node_SubLink:
		return sublinkColname(x.SubLink)
	case *pg.Node_AArrayExpr:
		return "array"
	case *pg.Node_RowExpr:
		return "row"
	case *pg.Node_CoalesceExpr:
		return "coalesce"
	case *pg.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case *pg.Node_SqlvalueFunction:
		return sqlValueColname(x.SqlvalueFunction.Op)
	}
	return ""
}

func sublinkColname(s *pg.SubLink) string {
	switch s.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		return "exists"
	case pg.SubLinkType_ARRAY_SUBLINK:
		return "array"
	case pg.SubLinkType_EXPR_SUBLINK:
		if sel := s.Subselect.GetSelectStmt(); sel != nil && len(sel.TargetList) == 1 {
			if rt := sel.TargetList[0].GetResTarget(); rt != nil {
				if rt.Name != "" {
					return rt.Name
				}
				name, _ := colname(rt.Val)
				return name
			}
		}
	}
	return ""
}

func sqlValueColname(op pg.SQLValueFunctionOp) string {
	switch op {
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return "current_date"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return "current_time"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return "current_timestamp"
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIME, pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return "localtime"
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return "localtimestamp"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return "current_role"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:
		return "current_user"
	case pg.SQLValueFunctionOp_SVFOP_USER:
		return "user"
	case pg.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return "session_user"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return "current_catalog"
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return "current_schema"
	}
	return ""
}
