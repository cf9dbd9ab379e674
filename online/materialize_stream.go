package online

import (
	"context"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

func (m *Materializer) one(ctx context.Context, v *registry.FeatureView, start, end time.Time) (Report, error) {
	began := m.now()
	_, sql, err := m.Query(ctx, v, start, end)
	if err != nil {
		return Report{}, err
	}
	rows, err := m.stream(ctx, v, sql)
	if err != nil {
		return Report{}, err
	}
	// Only a complete run is recorded: after a crash the interval is
	// simply done again.
	if m.State != nil {
		if err := m.State.Record(v, Interval{start, end}, rows, m.now()); err != nil {
			return Report{}, err
		}
	}
	r := Report{View: v.Name, Start: start, End: end, Rows: rows, Elapsed: m.now().Sub(began)}
	if m.Logger != nil {
		m.Logger.Info("materialized", "view", v.Name, "start", start, "end", end, "rows", rows, "elapsed", r.Elapsed)
	}
	return r, nil
}

// maxGroup bounds how many batches one store write takes, and how many
// the reader may have queued.
const maxGroup = 4

// stream runs sql and writes its rows in batches, reading the next batches
// from the warehouse while the store writes the last ones. Into a store
// taking records the writer writes every batch queued when it gets to
// them in one write (group commit): a slow commit (an fsync of the
// embedded store's file) makes the next write larger instead of the
// reader wait, and the commits, each atomic, fewer.
func (m *Materializer) stream(ctx context.Context, v *registry.FeatureView, sql string) (int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	res, err := m.Warehouse.Query(ctx, sql)
	if err != nil {
		return 0, err
	}
	defer res.Close()
	batches := make(chan batch, maxGroup)
	done := make(chan error, 1)
	var written int64
	go func() {
		var werr error
		for b := range batches {
			group := gather(b, batches)
			if werr != nil {
				continue // drain, so the reader never blocks
			}
			n, err := m.writeGroup(ctx, v, group)
			if werr = err; werr != nil {
				cancel()
				continue
			}
			written += n
			if m.Progress != nil {
				m.Progress(v.Name, written)
			}
		}
		done <- werr
	}()
	rerr := m.read(ctx, v, res, batches)
	close(batches)
	if werr := <-done; werr != nil {
		return written, werr
	}
	return written, rerr
}

// gather is first and the batches already queued behind it, at most
// maxGroup in all.
func gather(first batch, more <-chan batch) []batch {
	group := []batch{first}
	for len(group) < maxGroup {
		select {
		case b, ok := <-more:
			if !ok {
				return group
			}
			group = append(group, b)
		default:
			return group
		}
	}
	return group
}

func (m *Materializer) read(ctx context.Context, v *registry.FeatureView, res warehouse.Rows, out chan<- batch) error {
	size := m.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	nk, hasCreated := len(v.JoinKeys()), v.Source.CreatedTimestampField != ""
	rows := make([]Row, 0, size)
	var slab []any // the batch's values, copied out of the warehouse's row
	for res.Next() {
		vals := res.Values()
		if cap(slab)-len(slab) < len(vals) {
			slab = make([]any, 0, max(size*len(vals), len(vals)))
		}
		at := len(slab)
		slab = append(slab, vals...)
		row, err := toRow(v, slab[at:len(slab):len(slab)], nk, hasCreated)
		if err != nil {
			return err
		}
		rows = append(rows, row)
		if len(rows) == size {
			b, err := m.prepare(v, rows)
			if err != nil {
				return err
			}
			select {
			case out <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			rows = make([]Row, 0, size)
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	if len(rows) > 0 {
		b, err := m.prepare(v, rows)
		if err != nil {
			return err
		}
		out <- b
	}
	return nil
}

// toRow reads one result row: keys, event time, created (if any), features.
func toRow(v *registry.FeatureView, vals []any, nk int, hasCreated bool) (Row, error) {
	want := nk + 1 + len(v.Features)
	if hasCreated {
		want++
	}
	if len(vals) != want {
		return Row{}, sqlerr.New(sqlerr.Internal, "materialize %s: the warehouse returned %d columns, want %d", v.Name, len(vals), want)
	}
	ts, ok := vals[nk].(time.Time)
	if !ok {
		return Row{}, sqlerr.New(codeDatatype, "materialize %s: event time is %T, not a timestamp", v.Name, vals[nk])
	}
	row := Row{Key: Key(vals[:nk]), EventTS: ts}
	rest := vals[nk+1:]
	if hasCreated {
		if c, ok := rest[0].(time.Time); ok {
			row.Created = c
		}
		rest = rest[1:]
	}
	row.Values = rest
	return row, nil
}
