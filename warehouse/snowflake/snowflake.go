package snowflake

import (
	"context"
	"database/sql"
	"database/sql/driver"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/warehouse"
)

// DB is a Snowflake warehouse: a database/sql pool of gosnowflake
// connections.
type DB struct {
	sql *sql.DB
}

var (
	_ warehouse.Warehouse = (*DB)(nil)
	_ warehouse.Describer = (*DB)(nil)
)

// Open connects with c and checks that Snowflake answers (a login and
// SELECT 1).
func Open(ctx context.Context, c Config) (*DB, error) {
	cfg, err := c.driverConfig()
	if err != nil {
		return nil, err
	}
	db := &DB{sql: sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, connectError(ctx, err)
	}
	return db, nil
}

// Dialect is "snowflake".
func (db *DB) Dialect() string { return "snowflake" }

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Exec runs one or more statements that return no rows.
func (db *DB) Exec(ctx context.Context, sql string) error {
	mctx, err := sf.WithMultiStatement(ctx, 0)
	if err != nil {
		return mapError(ctx, err)
	}
	_, err = db.sql.ExecContext(mctx, sql)
	return mapError(ctx, err)
}

// Query runs one statement and streams its rows as Arrow batches, fetched
// one at a time (rows.go). NUMBER keeps its scale (WithHigherPrecision)
// and timestamps arrive as microseconds, PostgreSQL's resolution.
func (db *DB) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	return queryOn(ctx, conn, sql, func() { conn.Close() })
}

// queryOn runs sql on conn as Query does; done runs once the rows are
// closed (or at once when the query fails).
func queryOn(ctx context.Context, conn *sql.Conn, sql string, done func()) (warehouse.Rows, error) {
	qctx := sf.WithArrowBatchesTimestampOption(sf.WithHigherPrecision(sf.WithArrowBatches(ctx)), sf.UseMicrosecondTimestamp)
	var dr driver.Rows
	err := conn.Raw(func(c any) error {
		var err error
		dr, err = c.(driver.QueryerContext).QueryContext(qctx, sql, nil)
		return err
	})
	if err != nil {
		done()
		return nil, mapError(ctx, err)
	}
	r, err := newRows(ctx, dr, done)
	if err != nil {
		dr.Close()
		done()
		return nil, mapError(ctx, err)
	}
	return r, nil
}

// Describe asks Snowflake for the result columns of sql without running
// it (gosnowflake's describe-only request: the statement is compiled, not
// executed).
func (db *DB) Describe(ctx context.Context, sql string) ([]warehouse.Column, error) {
	rows, err := db.sql.QueryContext(sf.WithDescribeOnly(ctx), sql)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, mapError(ctx, err)
	}
	cols := make([]warehouse.Column, len(types))
	for i, t := range types {
		p, s, _ := t.DecimalSize()
		if cols[i], err = columnOf(t.Name(), t.DatabaseTypeName(), p, s); err != nil {
			return nil, err
		}
	}
	return cols, nil
}
