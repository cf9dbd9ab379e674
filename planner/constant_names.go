package planner

import pg "github.com/pganalyze/pg_query_go/v6"

// castColumnName is PostgreSQL's FigureColname for a cast: the name of the
// innermost casted expression when it has one (a column, a function), else
// the outermost cast's type name — each cast names the column more weakly
// than a column does, and an outer cast overrides an inner one
// ('x'::varchar::text is "text").
func castColumnName(tc *pg.TypeCast) string {
	inner := tc.Arg
	for inner.GetTypeCast() != nil {
		inner = inner.GetTypeCast().Arg
	}
	if name := columnName(inner); name != "?column?" {
		return name
	}
	names := tc.TypeName.Names
	return names[len(names)-1].GetString_().GetSval()
}
