package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/warehouse"
)

// rows streams a pgx result as warehouse.Rows, decoding each raw value with
// its column's decoder.
type rows struct {
	ctx  context.Context
	r    pgx.Rows
	cols []warehouse.Column
	dec  []decoder
	row  []any
	err  error
}

func newRows(ctx context.Context, r pgx.Rows) *rows {
	fds := r.FieldDescriptions()
	rs := &rows{ctx: ctx, r: r, cols: make([]warehouse.Column, len(fds)), dec: make([]decoder, len(fds))}
	for i, fd := range fds {
		rs.cols[i], rs.dec[i] = column(fd)
		if want := resultFormats[fd.DataTypeOID]; fd.Format != want {
			rs.err = fmt.Errorf("postgres: column %q came in format %d, want %d", fd.Name, fd.Format, want)
		}
	}
	return rs
}

func (r *rows) Columns() []warehouse.Column { return r.cols }

// Next advances to the next row; each row's Values is a new slice the
// caller may keep.
func (r *rows) Next() bool {
	if r.err != nil || !r.r.Next() {
		return false
	}
	raw := r.r.RawValues()
	row := make([]any, len(raw))
	for i, src := range raw {
		if src == nil {
			continue
		}
		v, err := r.dec[i](src)
		if err != nil {
			r.err = fmt.Errorf("column %q: %w", r.cols[i].Name, err)
			return false
		}
		row[i] = v
	}
	r.row = row
	return true
}

func (r *rows) Values() []any { return r.row }

func (r *rows) Err() error {
	if r.err != nil {
		return mapError(r.ctx, r.err)
	}
	return mapError(r.ctx, r.r.Err())
}

// Close ends the result and returns the connection to the pool. pgx reads
// what is left of the result first; a caller that stops early on a large
// result should cancel its context.
func (r *rows) Close() error {
	r.r.Close()
	return r.Err()
}
