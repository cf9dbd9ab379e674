package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Sessioner = (*DB)(nil)

// Session pins one pooled connection. PostgreSQL's TEMP tables live in
// that backend's pg_temp_N schema, invisible to other sessions, and the
// server drops them when the backend exits: Close hijacks the connection
// from the pool and closes it, so no later borrower inherits them, and a
// pitgate that dies leaves none (its sockets close, its backends exit).
func (db *DB) Session(ctx context.Context) (warehouse.Session, error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	return &session{conn: conn}, nil
}

type session struct {
	conn *pgxpool.Conn
}

func (s *session) Query(ctx context.Context, q string) (warehouse.Rows, error) {
	r, err := s.conn.Query(ctx, q, pgx.QueryExecModeDescribeExec, resultFormats)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	return newRows(ctx, r), nil
}

func (s *session) Exec(ctx context.Context, q string) error {
	_, err := s.conn.Exec(ctx, q, pgx.QueryExecModeSimpleProtocol)
	return mapError(ctx, err)
}

func (s *session) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	sd, err := s.conn.Conn().PgConn().Prepare(ctx, "", "SELECT * FROM "+quoteName(name), nil)
	if err != nil {
		return nil, undefinedOr(ctx, name, err)
	}
	cols := make([]warehouse.Column, len(sd.Fields))
	for i, fd := range sd.Fields {
		cols[i], _ = column(fd)
	}
	return cols, nil
}

func (s *session) TempPath(name string) []string { return []string{"pg_temp", name} }

func (s *session) CreateTemp(ctx context.Context, name string, cols []warehouse.Column) error {
	ddl, _, err := tableDDL([]string{name}, cols)
	if err != nil {
		return err
	}
	create := strings.Replace(ddl[len(ddl)-1], "CREATE TABLE ", "CREATE TEMP TABLE ", 1)
	return withoutPosition(s.Exec(ctx, create))
}

func (s *session) CreateTempAs(ctx context.Context, name, query string) (int64, error) {
	return s.count(ctx, "CREATE TEMP TABLE "+quoteIdent(name)+" AS "+query)
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
	tag, err := s.conn.Exec(ctx, stmt, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return 0, withoutPosition(mapError(ctx, err))
	}
	return tag.RowsAffected(), nil
}

// Load appends with COPY (binary): one statement, all rows or none.
func (s *session) Load(ctx context.Context, name string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	_, convs, err := tableDDL([]string{name}, cols)
	if err != nil {
		return 0, err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	cs := &copySource{src: src, cols: cols, convs: convs, row: make([]any, len(cols))}
	n, err := s.conn.CopyFrom(ctx, pgx.Identifier(s.TempPath(name)), names, cs)
	if err != nil {
		if cs.err != nil {
			return 0, mapError(ctx, cs.err)
		}
		return 0, withoutPosition(mapError(ctx, err))
	}
	return n, nil
}

func (s *session) Truncate(ctx context.Context, name string) error {
	return withoutPosition(s.Exec(ctx, "TRUNCATE "+quoteName(s.TempPath(name))))
}

func (s *session) Drop(ctx context.Context, name string) error {
	return withoutPosition(s.Exec(ctx, "DROP TABLE "+quoteName(s.TempPath(name))))
}

// Close closes the backend connection, which drops its temporary tables.
func (s *session) Close() error {
	if s.conn == nil {
		return nil
	}
	c := s.conn.Hijack()
	s.conn = nil
	return c.Close(context.Background())
}

func undefinedOr(ctx context.Context, name []string, err error) error {
	err = mapError(ctx, err)
	switch sqlerr.Code(err) {
	case sqlerr.UndefinedTable, invalidSchemaName, invalidCatalogName:
		return sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", strings.Join(name, "."))
	}
	return withoutPosition(err)
}
