package snowflake

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Sessioner = (*DB)(nil)

// Session pins one connection of the pool, which is one Snowflake
// session. Snowflake's TEMPORARY tables belong to the session that made
// them: no other session sees them, and Snowflake drops them when the
// session ends. Close discards the connection instead of returning it to
// the pool (where a later borrower would find the tables), and the driver
// then ends its Snowflake session. A pitgate that dies leaves the session
// to expire by itself (four hours without a heartbeat by default), and
// its tables with it: nothing is recorded for the gateway's sweep.
//
// The tables live in the connection's current database and schema (the
// DSN's), named as the dialect names any relation, so the SQL the planner
// prints for a query reading one resolves to it, a TEMPORARY table
// shadowing a permanent one of the same name as pg_temp does in
// PostgreSQL.
func (db *DB) Session(ctx context.Context) (warehouse.Session, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	return &session{conn: conn}, nil
}

type session struct {
	conn *sql.Conn
}

func (s *session) Query(ctx context.Context, q string) (warehouse.Rows, error) {
	return queryOn(ctx, s.conn, q, func() {}) // Close discards the connection
}

func (s *session) Exec(ctx context.Context, q string) error {
	mctx, err := sf.WithMultiStatement(ctx, 0)
	if err != nil {
		return mapError(ctx, err)
	}
	_, err = s.conn.ExecContext(mctx, q)
	return mapError(ctx, err)
}

func (s *session) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	return tableOn(ctx, s.conn, name)
}

// TempPath is the name alone: the table is in the session's schema.
func (s *session) TempPath(name string) []string { return []string{name} }

func (s *session) CreateTemp(ctx context.Context, name string, cols []warehouse.Column) error {
	ddl, err := tempCreateSQL(name, cols)
	if err != nil {
		return err
	}
	return s.exec(ctx, ddl)
}

// CreateTempAs counts the new table's rows: Snowflake's CREATE TABLE AS
// reports none.
func (s *session) CreateTempAs(ctx context.Context, name, query string) (int64, error) {
	if err := s.exec(ctx, tempCreateAsSQL(name, query)); err != nil {
		return 0, err
	}
	var n int64
	err := s.conn.QueryRowContext(ctx, countSQL(name)).Scan(&n)
	return n, mapError(ctx, err)
}

func (s *session) Insert(ctx context.Context, name string, cols []string, query string) (int64, error) {
	res, err := s.conn.ExecContext(ctx, tempInsertSQL(name, cols, query))
	if err != nil {
		return 0, mapError(ctx, err)
	}
	n, err := res.RowsAffected()
	return n, mapError(ctx, err)
}

// Load appends in batches of bound text values, in one transaction: a
// failed load adds no rows.
func (s *session) Load(ctx context.Context, name string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	cast, err := tempCasts(cols)
	if err != nil {
		return 0, err
	}
	if err := s.exec(ctx, "BEGIN"); err != nil {
		return 0, err
	}
	n, err := s.loadBatches(ctx, []string{name}, cols, cast, src)
	if err != nil {
		_, _ = s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return 0, err
	}
	return n, s.exec(ctx, "COMMIT")
}

func (s *session) loadBatches(ctx context.Context, table []string, cols []warehouse.Column, cast []string, src warehouse.RowSource) (int64, error) {
	var n int64
	row := make([]any, len(cols))
	for {
		args, more, err := loadRows(src, row, cols, loadBatch)
		if err != nil {
			return 0, err
		}
		if len(args) > 0 {
			rows := len(args) / len(cols)
			if _, err := s.conn.ExecContext(ctx, insertSQL(table, cast, rows), args...); err != nil {
				return 0, mapError(ctx, err)
			}
			n += int64(rows)
		}
		if !more {
			return n, nil
		}
	}
}

func (s *session) Truncate(ctx context.Context, name string) error {
	return s.exec(ctx, "TRUNCATE TABLE "+tableName([]string{name}))
}

func (s *session) Drop(ctx context.Context, name string) error {
	return s.exec(ctx, "DROP TABLE "+tableName([]string{name}))
}

// Close discards the connection, which ends its Snowflake session and
// the session's TEMPORARY tables.
func (s *session) Close() error {
	if s.conn == nil {
		return nil
	}
	_ = s.conn.Raw(func(any) error { return driver.ErrBadConn })
	err := s.conn.Close()
	s.conn = nil
	if err == sql.ErrConnDone {
		err = nil
	}
	return err
}

func (s *session) exec(ctx context.Context, stmt string) error {
	_, err := s.conn.ExecContext(ctx, stmt)
	return mapError(ctx, err)
}

// tempCreateSQL is CREATE TEMPORARY TABLE name (col type, ...) with the
// column types of tempType.
func tempCreateSQL(name string, cols []warehouse.Column) (string, error) {
	if len(cols) == 0 {
		return "", sqlerr.New(sqlerr.FeatureNotSupported, "a Snowflake table needs at least one column")
	}
	types, err := tempCasts(cols)
	if err != nil {
		return "", err
	}
	defs := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = quoteIdent(snowflakeName(c.Name)) + " " + types[i]
	}
	return "CREATE TEMPORARY TABLE " + tableName([]string{name}) + " (" + strings.Join(defs, ", ") + ")", nil
}

func tempCreateAsSQL(name, query string) string {
	return "CREATE TEMPORARY TABLE " + tableName([]string{name}) + " AS " + query
}

func tempInsertSQL(name string, cols []string, query string) string {
	list := ""
	if cols != nil {
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = quoteIdent(snowflakeName(c))
		}
		list = " (" + strings.Join(quoted, ", ") + ")"
	}
	return "INSERT INTO " + tableName([]string{name}) + list + " " + query
}

func countSQL(name string) string { return "SELECT COUNT(*) FROM " + tableName([]string{name}) }

// tempCasts are the Snowflake types of cols: Load's (NUMBER for the
// integers, FLOAT, VARCHAR, TIMESTAMP_TZ(6) ...), with a numeric's
// precision and scale kept and time as TIME(6).
func tempCasts(cols []warehouse.Column) ([]string, error) {
	out := make([]string, len(cols))
	for i, c := range cols {
		t, err := tempType(c)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

func tempType(c warehouse.Column) (string, error) {
	typ := strings.ToLower(strings.TrimSpace(c.Type))
	base, mods, hasMods := strings.Cut(typ, "(")
	switch {
	case base == "numeric" && hasMods:
		var p, sc int
		if n, _ := fmt.Sscanf(strings.ReplaceAll(mods, " ", ""), "%d,%d)", &p, &sc); n == 0 {
			return "", sqlerr.New(sqlerr.Syntax, "invalid type modifier in %q for column %q", c.Type, c.Name)
		}
		return fmt.Sprintf("NUMBER(%d,%d)", p, sc), nil
	case base == "numeric" && c.Precision > 0:
		return fmt.Sprintf("NUMBER(%d,%d)", c.Precision, c.Scale), nil
	case base == "time":
		return "TIME(6)", nil
	}
	if t, ok := loadTypes[base]; ok {
		return t, nil
	}
	return "", sqlerr.New(sqlerr.FeatureNotSupported, "a %s column has no Snowflake type for a temporary table", c.Type).
		WithHint("use one of bool, int2, int4, int8, float4, float8, numeric, text, bytea, date, time, timestamp, timestamptz, json, jsonb, uuid")
}
