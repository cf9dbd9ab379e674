// Package duckdb is the embedded default warehouse: a warehouse.Warehouse on
// DuckDB through github.com/duckdb/duckdb-go/v2, the only package of pitgate
// that imports it.
//
// It owns four translations between DuckDB and what the rest of pitgate
// expects from a PostgreSQL-speaking warehouse:
//
//   - session settings (duckdb.go): every pooled connection gets TimeZone
//     UTC, integer division that truncates, PostgreSQL's NULL ordering and
//     errors as JSON, through the connector's init callback, so no
//     connection ever runs with DuckDB's defaults;
//   - types and values (types.go, values.go, render.go): result columns are
//     named with PostgreSQL type names and values are normalized to exactly
//     the Go types listed on warehouse.Rows.Values, driven by the column's
//     DuckDB type (never guessed from the Go value: a UUID and a BLOB both
//     arrive as []byte);
//   - errors (errors.go): every error carries a SQLSTATE derived from
//     DuckDB's exception type and subtype, with DuckDB's own message and the
//     statement position when DuckDB reports one;
//   - bulk loads (load.go, loadvalues.go): CREATE OR REPLACE TABLE and the
//     DuckDB Appender inside one transaction, so readers see the old table
//     or the complete new one, never a partial load.
//
// Invariants: SQL handed to Query and Exec runs as given. The only SQL this
// package prints itself is DDL and describe queries over names it quotes.
//
// DuckDB facts callers must know: integer and float division by zero
// return NULL (not an error as in PostgreSQL), and temporary tables live in
// one connection of the pool, so they are not visible to later calls:
// Session (session.go) pins a connection for a client session's TEMP
// tables and discards it, tables and all, on Close.
package duckdb
