package gateway

import (
	"context"
	"fmt"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// COPY ... FROM STDIN WHERE: the row filter both COPY paths call. The
// planner binds and evaluates the condition (planner/copy_where.go); here
// each path hands it the row's fields. Into online.<view> the filter runs
// between the conversion of the line and the NOT NULL check of its keys,
// as PostgreSQL's CopyFrom runs it between the input functions and the
// constraints. Into a temporary table the warehouse converts the rows the
// filter keeps: the columns the condition names are read here with their
// input functions, the others only for the rows kept.

// tempFilter binds a COPY's WHERE to a temporary table's columns; nil when
// the COPY has none.
func tempFilter(c *planner.Copy, tt *tempTable) (*planner.RowFilter, error) {
	if c.Where == nil {
		return nil, nil
	}
	// The columns as the warehouse holds them: a numeric's precision and
	// scale round the value it stores, and the condition sees that value.
	cols := append([]planner.TableColumn(nil), tt.cols...)
	for i, wc := range tt.wcol {
		if i < len(cols) && wc.Type == "numeric" && wc.Precision > 0 {
			cols[i].Type = fmt.Sprintf("numeric(%d,%d)", wc.Precision, wc.Scale)
		}
	}
	return c.Where.Filter(c.Name, cols, c.Columns)
}

// whereReader is a CopyReader that skips the lines a COPY's WHERE does not
// keep, so that a temporary table's loaders (temp_copy.go, temp_load.go)
// see only the kept ones.
type whereReader struct {
	wire.CopyReader
	s       *Session
	c       *planner.Copy
	targets []planner.TableColumn
	filter  *planner.RowFilter
	vals    []any
}

func (r *whereReader) Next(ctx context.Context) ([][]byte, error) {
	for {
		fields, err := r.CopyReader.Next(ctx)
		if err != nil {
			return nil, err
		}
		text := fields
		if r.c.Options.Format == "binary" {
			// copyTempFields turns binary fields into text in place; the
			// loader converts the line again, from its own copy.
			text, err = r.s.copyTempFields(r.c, r.targets, append([][]byte(nil), fields...), r.Line())
			if err != nil {
				return nil, err
			}
		}
		r.vals = r.vals[:0]
		for _, f := range text {
			if f == nil {
				r.vals = append(r.vals, nil)
			} else {
				r.vals = append(r.vals, string(f))
			}
		}
		keep, err := r.filter.Keep(r.vals)
		if err != nil {
			return nil, copyContext(err, r.c, r.Line())
		}
		if keep {
			return fields, nil
		}
	}
}

// filterTempCopy wraps a temporary table's COPY reader with its WHERE
// filter (none: r itself).
func filterTempCopy(r wire.CopyReader, s *Session, c *planner.Copy, targets []planner.TableColumn, f *planner.RowFilter) wire.CopyReader {
	if f == nil {
		return r
	}
	return &whereReader{CopyReader: r, s: s, c: c, targets: targets, filter: f}
}

// keepPushRow applies a push's WHERE to one converted line: fields are
// its values (text, or binary COPY's typed constants), convErr the
// conversion's error. A conversion error other than a NULL key stops the
// COPY whether or not the row would be kept; a NULL key only when it is.
func keepPushRow(c *planner.Copy, fields []any, convErr error) (bool, error) {
	if c.Filter == nil {
		return convErr == nil, convErr
	}
	if convErr != nil && sqlerr.Code(convErr) != "23502" {
		return false, convErr
	}
	keep, err := c.Filter.Keep(fields)
	if err != nil || !keep {
		return false, err
	}
	return convErr == nil, convErr
}

// pushFields are a push line's values for its WHERE.
func pushFields(texts []*string, exprs []plan.Expr) []any {
	if exprs != nil {
		out := make([]any, len(exprs))
		for i, e := range exprs {
			if k, ok := e.(*plan.Const); ok {
				out[i] = k.Value
			}
		}
		return out
	}
	out := make([]any, len(texts))
	for i, t := range texts {
		if t != nil {
			out[i] = *t
		}
	}
	return out
}
