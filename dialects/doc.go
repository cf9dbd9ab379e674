// Package dialects prints a logical plan (package plan) as SQL text for a
// warehouse: duckdb, postgres, bigquery and snowflake (ByName, Names).
//
// A Dialect value holds everything that differs between warehouses:
// identifier quoting, string and typed literals, type names, function
// spellings, time arithmetic, whether QUALIFY exists, and how a PITJoin is
// lowered: the window strategy (pit.go) everywhere, LATERAL for postgres
// (postgres_lateral.go; by default only for joins the planner marked
// plan.PITJoin.RightIndexed), native ASOF after removing ties for duckdb
// (duckdb_asof.go, with scan bounds from scan_bounds.go), ARRAY_AGG ...
// LIMIT 1 per left row for bigquery (bigquery_arrayagg.go). Before printing,
// Print runs one plan rewrite, the pushdown of left-only filters below
// ASOF joins (pushdown.go). The printer (printer.go) is shared: it folds
// operators bottom-up into SELECT blocks and wraps a block into a subquery
// whenever the next operator could not be expressed in the same block
// without changing its meaning (a filter above a QUALIFY, a projection
// with window functions above a LIMIT, ...).
//
// Invariants: SQL is printed from the tree; every identifier goes through
// QuoteIdent and every literal through the dialect's literal printer, so no
// text from a user reaches the output unescaped. Columns are referenced by
// plan.ColumnID through a per-block map, so a rename or a wrap can never
// capture another column of the same name.
package dialects
