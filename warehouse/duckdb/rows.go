package duckdb

import (
	"context"
	"database/sql"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

// slabRows is how many rows' Values one allocation holds.
const slabRows = 256

// rows streams a database/sql result as warehouse.Rows.
type rows struct {
	ctx  context.Context
	stmt string
	sql  *sql.Rows
	cols []warehouse.Column
	norm []normalizer
	// kept[i], when set, says whether a driver value of column i is
	// already what warehouse.Rows promises: such a value is passed on as
	// the driver boxed it, where the normalizer would box it again (one
	// allocation per value, the most of a wide numeric row's).
	kept []func(any) bool
	scan []any // scan[i] points at raw[i]
	raw  []any
	row  []any
	slab []any // the next rows' Values
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
		kept: make([]func(any) bool, len(types)),
		scan: make([]any, len(types)),
		raw:  make([]any, len(types)),
	}
	for i, ct := range types {
		t := parseDuckType(ct.DatabaseTypeName())
		rs.cols[i] = pgColumn(ct.Name(), t)
		rs.norm[i] = normalizerFor(t)
		rs.kept[i] = keptAs(t)
		rs.scan[i] = &rs.raw[i]
	}
	return rs, nil
}

func (r *rows) Columns() []warehouse.Column { return r.cols }

// Next advances to the next row; each row's Values is a slice of its own
// the caller may keep (carved, slabRows at a time, from one allocation).
func (r *rows) Next() bool {
	if r.err != nil || !r.sql.Next() {
		return false
	}
	if err := r.sql.Scan(r.scan...); err != nil {
		r.err = mapError(r.ctx, err, r.stmt)
		return false
	}
	row := r.nextRow()
	for i, v := range r.raw {
		if v == nil {
			continue
		}
		if k := r.kept[i]; k != nil && k(v) {
			row[i] = v
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

// nextRow is a new row of nils, from the slab.
func (r *rows) nextRow() []any {
	n := len(r.raw)
	if cap(r.slab)-len(r.slab) < n {
		r.slab = make([]any, 0, slabRows*max(n, 1))
	}
	at := len(r.slab)
	r.slab = r.slab[:at+n]
	return r.slab[at : at+n : at+n]
}

// keptAs is the check that a driver value of type t needs no
// normalizing, nil when every value of t does: the types whose
// normalizer returns the value itself (same, normText) or, for times,
// the value already in UTC.
func keptAs(t *duckType) func(any) bool {
	if t.rendered() || t.isList() {
		return nil
	}
	switch t.name {
	case "BOOLEAN":
		return is[bool]
	case "SMALLINT":
		return is[int16]
	case "INTEGER":
		return is[int32]
	case "BIGINT":
		return is[int64]
	case "FLOAT":
		return is[float32]
	case "DOUBLE":
		return is[float64]
	case "VARCHAR", "ENUM":
		return is[string]
	case "BLOB", "GEOMETRY":
		return is[[]byte]
	case "TIME", "TIMETZ":
		return is[time.Time]
	case "DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMPTZ":
		return isUTC
	}
	return nil
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}

func isUTC(v any) bool {
	t, ok := v.(time.Time)
	return ok && t.Location() == time.UTC
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
