package planner

import pg "github.com/pganalyze/pg_query_go/v6"

// targetSetFunction: in PostgreSQL generate_series in a select list
// returns one row per value (psqlODBC's SQLForeignKeys numbers a
// constraint's key columns so); in DuckDB it returns one list, so it
// becomes unnest(generate_series(...)), which returns the rows.
func targetSetFunction(rt *pg.ResTarget) {
	f := rt.GetVal().GetFuncCall()
	if f == nil {
		return
	}
	name := qualifiedName(f.Funcname)
	if name[len(name)-1] != "generate_series" {
		return
	}
	inner := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: f}}
	rt.Val = pg.MakeFuncCallNode(strNodes("unnest"), []*pg.Node{inner}, f.Location)
}
