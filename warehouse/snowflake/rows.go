package snowflake

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// rows streams a result batch by batch: a batch is downloaded when the
// previous one is read out, and its records are released then, so memory
// holds one batch (Snowflake's result chunks are a few MB each).
type rows struct {
	ctx         context.Context
	closeResult func() error
	release     func()
	cols        []warehouse.Column
	convs       []converter
	fetch       fetchFunc
	recs        []arrow.Record
	rec         int // index in recs
	row         int // next row of recs[rec]
	vals        []any
	err         error
	closed      bool
}

func newRows(ctx context.Context, dr driver.Rows, release func()) (*rows, error) {
	cols, err := resultColumns(dr)
	if err != nil {
		return nil, err
	}
	sr, ok := dr.(sf.SnowflakeRows)
	if !ok {
		return nil, sqlerr.New(sqlerr.Internal, "gosnowflake returned %T, not SnowflakeRows", dr)
	}
	batches, err := sr.GetArrowBatches()
	if err != nil {
		return nil, err
	}
	return newRecordRows(ctx, cols, batchFetcher(ctx, batches), dr.Close, release), nil
}

// fetchFunc returns the records of the next batch; ok false when there
// are no more.
type fetchFunc func() (recs []arrow.Record, ok bool, err error)

// batchFetcher downloads gosnowflake's batches one at a time, forgetting
// each once handed over.
func batchFetcher(ctx context.Context, batches []*sf.ArrowBatch) fetchFunc {
	return func() ([]arrow.Record, bool, error) {
		if len(batches) == 0 {
			return nil, false, nil
		}
		b := batches[0]
		batches[0], batches = nil, batches[1:]
		recs, err := b.WithContext(ctx).Fetch()
		if err != nil || recs == nil {
			return nil, err == nil, err
		}
		return *recs, true, nil
	}
}

// newRecordRows streams the records fetch gives; closeResult and release
// run once at Close.
func newRecordRows(ctx context.Context, cols []warehouse.Column, fetch fetchFunc, closeResult func() error, release func()) *rows {
	r := &rows{ctx: ctx, closeResult: closeResult, release: release, cols: cols, fetch: fetch, vals: make([]any, len(cols))}
	for _, c := range cols {
		r.convs = append(r.convs, converterFor(c))
	}
	return r
}

// resultColumns reads the result's columns from the driver's type report.
func resultColumns(dr driver.Rows) ([]warehouse.Column, error) {
	names := dr.Columns()
	typed, ok1 := dr.(driver.RowsColumnTypeDatabaseTypeName)
	sized, ok2 := dr.(driver.RowsColumnTypePrecisionScale)
	if !ok1 || !ok2 {
		return nil, sqlerr.New(sqlerr.Internal, "gosnowflake rows do not report column types")
	}
	cols := make([]warehouse.Column, len(names))
	for i, name := range names {
		p, s, _ := sized.ColumnTypePrecisionScale(i)
		var err error
		if cols[i], err = columnOf(name, typed.ColumnTypeDatabaseTypeName(i), p, s); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

func (r *rows) Columns() []warehouse.Column { return r.cols }
func (r *rows) Values() []any               { return r.vals }

func (r *rows) Next() bool {
	if r.err != nil || r.closed {
		return false
	}
	for {
		if r.rec < len(r.recs) && int64(r.row) < r.recs[r.rec].NumRows() {
			if err := rowValues(r.recs[r.rec], r.row, r.convs, r.vals); err != nil {
				r.err = err
				return false
			}
			r.row++
			return true
		}
		if r.rec < len(r.recs) {
			r.rec, r.row = r.rec+1, 0
			continue
		}
		if !r.nextBatch() {
			return false
		}
	}
}

// nextBatch releases the records read and fetches the next batch.
func (r *rows) nextBatch() bool {
	r.releaseRecords()
	if err := r.ctx.Err(); err != nil {
		r.err = mapError(r.ctx, err)
		return false
	}
	recs, ok, err := r.fetch()
	if err != nil {
		r.err = mapError(r.ctx, err)
		return false
	}
	r.recs = recs
	return ok
}

func (r *rows) releaseRecords() {
	for _, rec := range r.recs {
		rec.Release()
	}
	r.recs, r.rec, r.row = nil, 0, 0
}

func (r *rows) Err() error { return r.err }

func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.releaseRecords()
	err := r.closeResult()
	r.release()
	if err != nil && !errors.Is(err, io.EOF) && r.err == nil {
		return mapError(r.ctx, err)
	}
	return nil
}
