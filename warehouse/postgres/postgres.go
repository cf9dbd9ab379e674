package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// cancelGrace is how long a cancelled statement's connection waits for the
// server to answer the CancelRequest before the socket is given up (and
// the connection with it).
const cancelGrace = 5 * time.Second

// DB is a PostgreSQL warehouse: one pgx pool.
type DB struct {
	pool *pgxpool.Pool
}

var _ warehouse.Warehouse = (*DB)(nil)

// Open connects to the PostgreSQL database of dsn (a URL or key=value
// string; "" and missing parts come from the PG* environment variables, as
// pgx and libpq read them) and checks that it answers.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, sqlerr.New(sqlerr.ConnectionFailure, "invalid PostgreSQL DSN: %v", err)
	}
	cc := cfg.ConnConfig
	// The dialects print timestamptz literals and calendar functions for a
	// warehouse in UTC, as DuckDB runs; values come back in binary and do
	// not depend on it.
	cc.RuntimeParams["timezone"] = "UTC"
	if cc.RuntimeParams["application_name"] == "" {
		cc.RuntimeParams["application_name"] = "pitgate"
	}
	// pgx's default only breaks the socket when a context ends, leaving the
	// statement running on the server; this sends a CancelRequest first.
	cc.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, connectError(err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, connectError(err)
	}
	return &DB{pool: pool}, nil
}

// Dialect is "postgres".
func (db *DB) Dialect() string { return "postgres" }

// Exec runs one or more statements that return no rows (the simple
// protocol, so a script of several statements runs in one call).
func (db *DB) Exec(ctx context.Context, sql string) error {
	_, err := db.pool.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	return mapError(ctx, err)
}

// Query runs one statement and streams its rows. The statement is
// described, then executed (two round trips, no statement cache: pitgate's
// SQL is rarely the same twice), with each column in the format its
// decoder reads.
func (db *DB) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	r, err := db.pool.Query(ctx, sql, pgx.QueryExecModeDescribeExec, resultFormats)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	return newRows(ctx, r), nil
}

// Close closes every connection of the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}
