// Package postgres is the PostgreSQL warehouse: a warehouse.Warehouse on a
// github.com/jackc/pgx/v5 pool (pgxpool), the only package of pitgate that
// uses pgx's client side to talk to a warehouse.
//
// It owns the translations between PostgreSQL and the warehouse.Rows
// contract:
//
//   - connections (postgres.go): the DSN and the PG* environment variables
//     as pgx reads them; every connection runs with TimeZone UTC (so that
//     timestamptz literals and date_trunc mean what they mean on DuckDB)
//     and cancels its server-side statement with a CancelRequest when the
//     caller's context ends, before giving up on the socket;
//   - types and values (types.go, decode.go): each result column's type OID
//     names its contract type; the column is fetched in binary where the
//     binary form is exact and simple (integers, floats, bool, bytea, date,
//     time, timestamps, intervals, and one-dimensional arrays of these and
//     of text, numeric, uuid, json, jsonb), in text otherwise, so numeric
//     arrives as PostgreSQL's exact decimal text, uuid canonical, json and
//     jsonb as their text; any other type (enums, inet, domains, ...) is
//     "text" with PostgreSQL's text output. Values are decoded here, never
//     by pgx's Go type choices;
//   - errors (errors.go): a *pgconn.PgError becomes an *sqlerr.Error with
//     the same SQLSTATE, message, detail, hint and position; a context that
//     ended becomes 57014; a failed connection 08006;
//   - bulk loads (load.go, loadvalues.go): DROP and CREATE TABLE, then COPY
//     (pgx CopyFrom, binary), in one transaction, so readers see the old
//     table or the complete new one.
//
// Session (session.go) pins one pooled connection for a client session's
// TEMP tables; Close takes it out of the pool and closes it, so PostgreSQL
// drops them.
//
// Invariants: SQL handed to Query and Exec runs as given. Rows stream: a
// result is read from the socket as Next is called, never buffered whole.
// The only SQL this package prints itself is DDL and describe statements
// over names it quotes.
//
// PostgreSQL facts callers must know: infinite dates and timestamps have no
// time.Time, so they come back as the strings "infinity" and "-infinity"
// (which is also their text form); a timestamp without time zone is its
// wall-clock reading taken as UTC.
package postgres
