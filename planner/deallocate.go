package planner

import pg "github.com/pganalyze/pg_query_go/v6"

// Deallocate is SQL's DEALLOCATE [PREPARE] name | ALL. It closes prepared
// statements of the connection, which the wire layer keeps: psqlODBC
// closes each server-side prepared statement this way rather than with a
// Close message.
type Deallocate struct {
	// Name is the statement to close; empty with All.
	Name string
	All  bool
}

func deallocateStatement(s *pg.DeallocateStmt) *Statement {
	return &Statement{Kind: KindDeallocate, Deallocate: &Deallocate{Name: s.Name, All: s.Isall || s.Name == ""}}
}
