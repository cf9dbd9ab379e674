package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// Load replaces table with a new one of cols and fills it from src with
// COPY. For schema.table and db.schema.table the schema is created if
// missing. It all happens in one transaction: on any error the previous
// table, if any, is left as it was.
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
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, mapError(ctx, err)
	}
	// A no-op after Commit; after a failure it must run even if ctx ended.
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, strings.Join(ddl, ";\n"), pgx.QueryExecModeSimpleProtocol); err != nil {
		return 0, withoutPosition(mapError(ctx, err))
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	cs := &copySource{src: src, cols: cols, convs: convs, row: make([]any, len(cols))}
	n, err := tx.CopyFrom(ctx, pgx.Identifier(table), names, cs)
	if err != nil {
		if cs.err != nil {
			return 0, mapError(ctx, cs.err) // the source's own error, not pgx's wrapping of it
		}
		return 0, withoutPosition(mapError(ctx, err))
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, mapError(ctx, err)
	}
	return n, nil
}

// tableDDL is the statements that replace table by an empty one of cols,
// and each column's value converter.
func tableDDL(table []string, cols []warehouse.Column) ([]string, []loadConv, error) {
	if len(cols) == 0 {
		return nil, nil, sqlerr.New(sqlerr.InvalidParameter, "cannot load %s: no columns", strings.Join(table, "."))
	}
	defs := make([]string, len(cols))
	convs := make([]loadConv, len(cols))
	for i, c := range cols {
		if c.Name == "" {
			return nil, nil, sqlerr.New(sqlerr.InvalidName, "cannot load %s: column %d has no name",
				strings.Join(table, "."), i+1)
		}
		typ, conv, err := loadType(c)
		if err != nil {
			return nil, nil, err
		}
		defs[i] = quoteIdent(c.Name) + " " + typ
		convs[i] = conv
	}
	var stmts []string
	if len(table) > 1 {
		stmts = append(stmts, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(table[len(table)-2]))
	}
	stmts = append(stmts, "DROP TABLE IF EXISTS "+quoteName(table),
		"CREATE TABLE "+quoteName(table)+" ("+strings.Join(defs, ", ")+")")
	return stmts, convs, nil
}

// copySource is a RowSource as pgx's CopyFromSource, converting each
// value for its column as it goes (pgx encodes a row before asking for the
// next, so one row slice serves them all).
type copySource struct {
	src   warehouse.RowSource
	cols  []warehouse.Column
	convs []loadConv
	row   []any
	n     int64
	err   error
}

func (s *copySource) Next() bool {
	clear(s.row)
	more, err := s.src(s.row)
	if err != nil {
		s.err = err
		return false
	}
	if !more {
		return false
	}
	s.n++
	for i, v := range s.row {
		if v == nil {
			continue
		}
		cv, err := s.convs[i](v)
		if err != nil {
			s.err = err.WithDetail("column %q of row %d", s.cols[i].Name, s.n)
			return false
		}
		s.row[i] = cv
	}
	return true
}

func (s *copySource) Values() ([]any, error) { return s.row, nil }

func (s *copySource) Err() error { return s.err }
