package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// cancelCheckRows is how many rows Load appends between looks at ctx.
const cancelCheckRows = 16 << 10

// Load replaces table with a new one of cols and fills it from src through
// the DuckDB Appender. For schema.table and db.schema.table the schema is
// created if missing (the database must exist). It all happens in one
// transaction: on any error the previous table, if any, is left as it was.
//
// src fills row (len(cols) values, typed as on warehouse.Rows) and returns
// true, or returns false when there are no more rows; a row passed with
// false is not loaded.
func (db *DB) Load(ctx context.Context, table []string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	if err := checkName(table); err != nil {
		return 0, err
	}
	ddl, convs, err := tableDDL(table, cols)
	if err != nil {
		return 0, err
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return 0, mapError(ctx, err, "")
	}
	defer conn.Close()
	if err := execAll(ctx, conn, "BEGIN TRANSACTION"); err != nil {
		return 0, err
	}
	n, err := createAndAppend(ctx, conn, table, ddl, cols, convs, src)
	if err != nil {
		rollback(ctx, conn)
		return 0, err
	}
	if err := execAll(ctx, conn, "COMMIT"); err != nil {
		return 0, err
	}
	return n, nil
}

// rollback ends the failed load's transaction, with a context that is not
// the possibly cancelled one; a connection that cannot roll back is
// discarded rather than returned to the pool mid-transaction.
func rollback(ctx context.Context, conn *sql.Conn) {
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

func createAndAppend(ctx context.Context, conn *sql.Conn, table []string, ddl string,
	cols []warehouse.Column, convs []loadConv, src warehouse.RowSource) (int64, error) {
	stmts := []string{ddl}
	if len(table) > 1 {
		stmts = []string{"CREATE SCHEMA IF NOT EXISTS " + quoteName(table[:len(table)-1]), ddl}
	}
	if err := execAll(ctx, conn, stmts...); err != nil {
		return 0, err
	}
	var n int64
	err := conn.Raw(func(dc any) error {
		a, err := newAppender(dc, table)
		if err != nil {
			return err
		}
		n, err = appendRows(ctx, a, cols, convs, src)
		if err != nil {
			a.Clear()
			a.Close()
			return err
		}
		return a.CloseWithCancel(ctx)
	})
	return n, mapError(ctx, err, "")
}

func execAll(ctx context.Context, conn *sql.Conn, stmts ...string) error {
	for _, stmt := range stmts {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			// No position: the caller did not write this SQL.
			return mapError(ctx, err, "")
		}
	}
	return nil
}

func newAppender(dc any, table []string) (*duckdb.Appender, error) {
	conn, ok := dc.(driver.Conn)
	if !ok {
		return nil, fmt.Errorf("duckdb: unexpected driver connection %T", dc)
	}
	var catalog, schema string
	switch len(table) {
	case 2:
		schema = table[0]
	case 3:
		catalog, schema = table[0], table[1]
	}
	return duckdb.NewAppender(conn, catalog, schema, table[len(table)-1])
}

func appendRows(ctx context.Context, a *duckdb.Appender, cols []warehouse.Column,
	convs []loadConv, src warehouse.RowSource) (int64, error) {
	row := make([]any, len(cols))
	vals := make([]driver.Value, len(cols))
	var n int64
	for {
		clear(row)
		more, err := src(row)
		if err != nil {
			return n, err
		}
		if !more {
			return n, nil
		}
		if err := convertRow(row, vals, cols, convs, n); err != nil {
			return n, err
		}
		if err := a.AppendRow(vals...); err != nil {
			return n, err
		}
		n++
		if n%cancelCheckRows == 0 && ctx.Err() != nil {
			return n, ctx.Err()
		}
	}
}

func convertRow(row []any, vals []driver.Value, cols []warehouse.Column, convs []loadConv, n int64) error {
	for i, v := range row {
		if v == nil {
			vals[i] = nil
			continue
		}
		cv, err := convs[i](v)
		if err != nil {
			return err.WithDetail("column %q of row %d", cols[i].Name, n+1)
		}
		vals[i] = cv
	}
	return nil
}

// tableDDL prints CREATE OR REPLACE TABLE for cols and picks each column's
// value converter.
func tableDDL(table []string, cols []warehouse.Column) (string, []loadConv, error) {
	if len(cols) == 0 {
		return "", nil, sqlerr.New(sqlerr.InvalidParameter, "cannot load %s: no columns", strings.Join(table, "."))
	}
	defs := make([]string, len(cols))
	convs := make([]loadConv, len(cols))
	for i, c := range cols {
		if c.Name == "" {
			return "", nil, sqlerr.New(sqlerr.InvalidName, "cannot load %s: column %d has no name",
				strings.Join(table, "."), i+1)
		}
		typ, conv, err := loadType(c)
		if err != nil {
			return "", nil, err
		}
		defs[i] = quoteIdent(c.Name) + " " + typ
		convs[i] = conv
	}
	ddl := "CREATE OR REPLACE TABLE " + quoteName(table) + " (" + strings.Join(defs, ", ") + ")"
	return ddl, convs, nil
}
