package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync"

	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Sessioner = (*DB)(nil)

// Session pins one connection of the pool. DuckDB's TEMP tables live in
// the catalog "temp" of the connection that made them, so they are
// invisible to every other connection, and are gone when the connection
// closes; Close discards the connection instead of returning it to the
// pool, where a later borrower would find the tables.
func (db *DB) Session(ctx context.Context) (warehouse.Session, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, mapError(ctx, err, "")
	}
	return &session{conn: conn}, nil
}

type session struct {
	mu   sync.Mutex
	conn *sql.Conn
}

func (s *session) Query(ctx context.Context, q string) (warehouse.Rows, error) {
	rows, err := s.conn.QueryContext(ctx, q)
	if err != nil {
		return nil, mapError(ctx, err, q)
	}
	r, err := newRows(ctx, rows, q)
	if err != nil {
		rows.Close()
		return nil, err
	}
	return r, nil
}

func (s *session) Exec(ctx context.Context, q string) error {
	_, err := s.conn.ExecContext(ctx, q)
	return mapError(ctx, err, q)
}

func (s *session) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	rows, err := s.Query(ctx, "SELECT * FROM "+quoteName(name)+" LIMIT 0")
	if err != nil {
		return nil, undefinedTable(name, err)
	}
	defer rows.Close()
	return rows.Columns(), rows.Err()
}

func (s *session) TempPath(name string) []string { return []string{"temp", "main", name} }

func (s *session) CreateTemp(ctx context.Context, name string, cols []warehouse.Column) error {
	ddl, _, err := tableDDL([]string{name}, cols)
	if err != nil {
		return err
	}
	ddl = strings.Replace(ddl, "CREATE OR REPLACE TABLE ", "CREATE TEMP TABLE ", 1)
	return execAll(ctx, s.conn, ddl)
}

func (s *session) CreateTempAs(ctx context.Context, name, query string) (int64, error) {
	if err := execAll(ctx, s.conn, "CREATE TEMP TABLE "+quoteIdent(name)+" AS "+query); err != nil {
		return 0, err
	}
	// DuckDB reports no row count for CREATE TABLE AS.
	var n int64
	err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteName(s.TempPath(name))).Scan(&n)
	return n, mapError(ctx, err, "")
}

func (s *session) Insert(ctx context.Context, name string, cols []string, query string) (int64, error) {
	list := ""
	if cols != nil {
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = quoteIdent(c)
		}
		list = " (" + strings.Join(quoted, ", ") + ")"
	}
	return s.count(ctx, "INSERT INTO "+quoteName(s.TempPath(name))+list+" "+query)
}

func (s *session) count(ctx context.Context, stmt string) (int64, error) {
	res, err := s.conn.ExecContext(ctx, stmt)
	if err != nil {
		return 0, withoutPosition(mapError(ctx, err, ""))
	}
	n, err := res.RowsAffected()
	return n, mapError(ctx, err, "")
}

// Load appends through the Appender, in one transaction: a failed load
// adds no rows.
func (s *session) Load(ctx context.Context, name string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	_, convs, err := tableDDL([]string{name}, cols)
	if err != nil {
		return 0, err
	}
	if err := execAll(ctx, s.conn, "BEGIN TRANSACTION"); err != nil {
		return 0, err
	}
	var n int64
	err = s.conn.Raw(func(dc any) error {
		a, err := newAppender(dc, s.TempPath(name))
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
	if err != nil {
		rollback(ctx, s.conn)
		return 0, mapError(ctx, err, "")
	}
	return n, execAll(ctx, s.conn, "COMMIT")
}

func (s *session) Truncate(ctx context.Context, name string) error {
	return execAll(ctx, s.conn, "DELETE FROM "+quoteName(s.TempPath(name)))
}

func (s *session) Drop(ctx context.Context, name string) error {
	return execAll(ctx, s.conn, "DROP TABLE "+quoteName(s.TempPath(name)))
}

// Close discards the connection, and its temporary tables with it.
func (s *session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	s.conn.Raw(func(any) error { return driver.ErrBadConn })
	err := s.conn.Close()
	s.conn = nil
	if err == sql.ErrConnDone {
		err = nil
	}
	return err
}
