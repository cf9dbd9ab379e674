package duckdb

import (
	"context"
	"database/sql"

	"github.com/pitgate/pitgate/warehouse"
)

// rows streams a database/sql result as warehouse.Rows.
type rows struct {
	ctx  context.Context
	stmt string
	sql  *sql.Rows
	cols []warehouse.Column
	norm []normalizer
	scan []any // scan[i] points at raw[i]
	raw  []any
	row  []any
	err  error
}

func newRows(ctx context.Context, r *sql.Rows, stmt string) (*rows, error) {
	types, err := r.ColumnTypes()
	if err != nil {
		return nil, mapError(ctx, err, stmt)
	}
	rs := &rows{
		ctx: ctx, stmt: stmt, sql: r,
		cols: make([]warehouse.Column, len(types)),
		norm: make([]normalizer, len(types)),
		scan: make([]any, len(types)),
		raw:  make([]any, len(types)),
	}
	for i, ct := range types {
		t := parseDuckType(ct.DatabaseTypeName())
		rs.cols[i] = pgColumn(ct.Name(), t)
		rs.norm[i] = normalizerFor(t)
		rs.scan[i] = &rs.raw[i]
	}
	return rs, nil
}

func (r *rows) Columns() []warehouse.Column { return r.cols }

// Next advances to the next row; each row's Values is a new slice the
// caller may keep.
func (r *rows) Next() bool {
	if r.err != nil || !r.sql.Next() {
		return false
	}
	if err := r.sql.Scan(r.scan...); err != nil {
		r.err = mapError(r.ctx, err, r.stmt)
		return false
	}
	row := make([]any, len(r.raw))
	for i, v := range r.raw {
		if v == nil {
			continue
		}
		n, err := r.norm[i](v)
		if err != nil {
			r.err = mapError(r.ctx, err, r.stmt)
			return false
		}
		row[i] = n
	}
	r.row = row
	return true
}

func (r *rows) Values() []any { return r.row }

func (r *rows) Err() error {
	if r.err != nil {
		return r.err
	}
	return mapError(r.ctx, r.sql.Err(), r.stmt)
}

func (r *rows) Close() error {
	return mapError(r.ctx, r.sql.Close(), r.stmt)
}
