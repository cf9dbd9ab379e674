package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// sessionSettings run on every new connection of the pool, before any query.
var sessionSettings = []string{
	// ICU is linked in; timestamptz arithmetic and rendering happen in UTC
	// whatever the host's zone, as the dialects assume.
	"SET TimeZone = 'UTC'",
	// PostgreSQL's int / int truncates; DuckDB's default returns a DOUBLE.
	"SET integer_division = true",
	// 'postgres' is NULLS LAST for ASC and NULLS FIRST for DESC. Generated
	// SQL spells the order out; this covers SQL passed through as written.
	"SET default_null_order = 'postgres'",
	// Structured errors give us the exception type, a subtype such as
	// COLUMN_NOT_FOUND and the byte position, instead of parsing prose.
	"SET errors_as_json = true",
}

// DB is an open DuckDB warehouse: one database and one database/sql pool
// whose connections all carry sessionSettings.
type DB struct {
	sql *sql.DB
}

var _ warehouse.Warehouse = (*DB)(nil)

// Open opens the DuckDB database at path, creating it and its parent
// directories if needed; "" opens a private in-memory database.
func Open(path string) (*DB, error) {
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, sqlerr.Wrap(sqlerr.ConnectionFailure, err)
		}
	}
	connector, err := duckdb.NewConnector(path, initConn)
	if err != nil {
		return nil, openError(path, err)
	}
	db := sql.OpenDB(connector)
	// Connections are cheap in-process handles; keeping a few idle spares
	// the init statements on every burst of queries.
	db.SetMaxIdleConns(4)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return &DB{sql: db}, nil
}

func initConn(execer driver.ExecerContext) error {
	for _, stmt := range sessionSettings {
		if _, err := execer.ExecContext(context.Background(), stmt, nil); err != nil {
			return fmt.Errorf("duckdb session setup %q: %w", stmt, err)
		}
	}
	return nil
}

func openError(path string, err error) error {
	if path == "" {
		path = "(in-memory)"
	}
	return &sqlerr.Error{
		Code:    sqlerr.ConnectionFailure,
		Message: fmt.Sprintf("cannot open DuckDB database %s: %v", path, err),
	}
}

// Dialect is "duckdb".
func (db *DB) Dialect() string { return "duckdb" }

// Exec runs one or more statements that return no rows.
func (db *DB) Exec(ctx context.Context, sql string) error {
	_, err := db.sql.ExecContext(ctx, sql)
	return mapError(ctx, err, sql)
}

// Query runs sql (the last statement's rows are returned) and streams its
// rows with PostgreSQL column types and normalized values.
func (db *DB) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	rows, err := db.sql.QueryContext(ctx, sql)
	if err != nil {
		return nil, mapError(ctx, err, sql)
	}
	r, err := newRows(ctx, rows, sql)
	if err != nil {
		rows.Close()
		return nil, err
	}
	return r, nil
}

// SQLDB is the underlying pool, for other packages' tests only: it bypasses
// type and error translation.
func (db *DB) SQLDB() *sql.DB { return db.sql }

// Close closes the pool and the database.
func (db *DB) Close() error {
	return db.sql.Close()
}
