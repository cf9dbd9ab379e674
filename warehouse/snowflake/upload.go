package snowflake

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Uploader = (*DB)(nil)

// OpenUploads holds one query's uploaded entity rows in TEMPORARY tables,
// which exist only in the Snowflake session that made them: the scope
// takes one connection of the pool for the uploads and the query alike.
// Snowflake drops a TEMPORARY table when its session ends; Close drops
// them at once, and discards the connection when it cannot.
func (db *DB) OpenUploads(ctx context.Context) (warehouse.Uploads, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	return &uploads{db: db, conn: conn}, nil
}

type uploads struct {
	db     *DB
	conn   *sql.Conn
	tables [][]string
}

func (u *uploads) Add(ctx context.Context, cols []warehouse.Column, src warehouse.RowSource) ([]string, error) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	table := []string{"pitgate_upload_" + hex.EncodeToString(b[:])}
	ddl, cast, err := uploadDDL(table, cols)
	if err != nil {
		return nil, err
	}
	if _, err := u.conn.ExecContext(ctx, ddl); err != nil {
		return nil, mapError(ctx, err)
	}
	u.tables = append(u.tables, table)
	row := make([]any, len(cols))
	for {
		args, more, err := loadRows(src, row, cols, loadBatch)
		if err != nil {
			return nil, err
		}
		if len(args) > 0 {
			if _, err := u.conn.ExecContext(ctx, insertSQL(table, cast, len(args)/len(cols)), args...); err != nil {
				return nil, mapError(ctx, err)
			}
		}
		if !more {
			return table, nil
		}
	}
}

// uploadDDL creates an upload table: Load's column types, TEMPORARY.
func uploadDDL(table []string, cols []warehouse.Column) (string, []string, error) {
	ddl, cast, err := loadDDL(table, cols)
	if err != nil {
		return "", nil, err
	}
	return strings.Replace(ddl, "CREATE OR REPLACE TABLE ", "CREATE TEMPORARY TABLE ", 1), cast, nil
}

func dropSQL(table []string) string { return "DROP TABLE IF EXISTS " + tableName(table) }

func (u *uploads) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	return queryOn(ctx, u.conn, sql, func() {}) // Close gives the connection back
}

// Close drops the tables on the scope's connection and gives it back; a
// connection a DROP failed on is discarded instead, which ends its
// Snowflake session and the tables with it.
func (u *uploads) Close(ctx context.Context) error {
	if u.conn == nil {
		return nil
	}
	var errs []error
	for _, t := range u.tables {
		if _, err := u.conn.ExecContext(ctx, dropSQL(t)); err != nil {
			errs = append(errs, mapError(ctx, err))
		}
	}
	if len(errs) > 0 {
		_ = u.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	errs = append(errs, u.conn.Close())
	u.conn, u.tables = nil, nil
	return errors.Join(errs...)
}
