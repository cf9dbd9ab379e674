package bigquery

import (
	"context"
	"errors"
	"fmt"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"github.com/pitgate/pitgate/warehouse"
)

// rows streams a query job's result as warehouse.Rows. The RowIterator
// holds one page (Config.PageRows rows) at a time and fetches the next
// when it runs out; each row is converted as Next reaches it.
type rows struct {
	ctx   context.Context
	db    *DB
	jobID string
	it    *bigquery.RowIterator
	cols  []warehouse.Column
	conv  []converter
	row   []any
	// next is the first row, read by prime; done says the result ended.
	next   []bigquery.Value
	primed bool
	done   bool
	err    error
}

// prime reads the first row, which makes the iterator fetch the first
// page and with it the result's schema.
func (r *rows) prime() error {
	var first []bigquery.Value
	err := r.it.Next(&first)
	switch {
	case errors.Is(err, iterator.Done):
		r.done = true
	case err != nil:
		return r.db.fail(r.ctx, r.jobID, err)
	default:
		r.next, r.primed = first, true
	}
	r.cols, r.conv = columns(r.it.Schema)
	return nil
}

func (r *rows) Columns() []warehouse.Column { return r.cols }

// Next advances to the next row; each row's Values is a new slice the
// caller may keep.
func (r *rows) Next() bool {
	if r.err != nil || r.done {
		return false
	}
	var raw []bigquery.Value
	if r.primed {
		raw, r.next, r.primed = r.next, nil, false
	} else if err := r.it.Next(&raw); err != nil {
		r.done = true
		if !errors.Is(err, iterator.Done) {
			r.err = r.db.fail(r.ctx, r.jobID, err)
		}
		return false
	}
	row := make([]any, len(raw))
	for i, v := range raw {
		cv, err := r.conv[i](v)
		if err != nil {
			r.err = mapError(r.ctx, fmt.Errorf("column %q: %w", r.cols[i].Name, err))
			return false
		}
		row[i] = cv
	}
	r.row = row
	return true
}

func (r *rows) Values() []any { return r.row }

func (r *rows) Err() error { return r.err }

// Close stops reading. The job has finished by the time rows exist, so
// there is nothing to cancel: unread pages stay in BigQuery's temporary
// result table, which it deletes itself (after about a day).
func (r *rows) Close() error {
	r.done = true
	return r.err
}
