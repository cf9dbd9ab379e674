// Package planner turns SQL text into statements the gateway can run: it
// parses with the real PostgreSQL parser (pg_query_go, imported only here),
// after an ASOF pre-scan that makes the two ASOF join forms of DESIGN §2.2
// parseable; it binds every name once against the feature registry and the
// warehouse's tables (handed in through Tables; a Tables that also lists
// indexes, TableIndexes, lets it mark the PIT joins a btree serves,
// pit_indexes.go); and it builds the logical plan of package plan. It knows no dialect. Binding also types each
// parameter $n from its context (params.go) for prepared statements whose
// client left the types open. Online statements (online*.go: lookups of
// online.<view|service>, INSERT INTO online.<view>, CALL pitgate.*) are
// bound into small descriptions (Lookup, Push, Call) instead of plans.
// ConstantSelect (constant.go) recognizes a SELECT without FROM that the
// gateway can answer itself and evaluates it as PostgreSQL 15 does.
//
// Invariants: the pg_query AST never leaves this package; every relation
// and column is resolved in one binding pass, and later phases read only
// ColumnIDs; errors carry SQLSTATEs and 1-based positions into the
// statement text; a statement pitgate cannot express is refused with
// 0A000 naming the construct, never silently changed.
package planner
