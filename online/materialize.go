package online

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// DefaultBatchSize is how many rows one batch carries: the unit the reader
// encodes and hands to the writer (a store write takes one batch, or into
// a store taking records every batch queued, up to maxGroup).
const DefaultBatchSize = 10_000

// Epoch is where an incremental run starts for a view never materialized.
var Epoch = time.Unix(0, 0).UTC()

// Materializer loads the latest rows of online feature views from the
// warehouse into a store.
type Materializer struct {
	Repo      *registry.Repo
	Warehouse warehouse.Warehouse
	// Store is written through; pass the Cache when one serves lookups, so
	// that its entries are invalidated.
	Store Store
	// State records the intervals; nil records nothing (and Incremental
	// then starts every view at Epoch).
	State *State
	// Sources plans view sources; nil is WarehouseSources{Warehouse}.
	Sources Sources
	// BatchSize is the rows per batch; 0 is DefaultBatchSize.
	BatchSize int
	// Progress, if set, is called after each store write with the rows written so
	// far for the view (from one goroutine at a time).
	Progress func(view string, rows int64)
	Logger   *slog.Logger
	// Now is the clock for Incremental and the state; nil is time.Now.
	Now func() time.Time
}

// Report is one view's run.
type Report struct {
	View       string
	Start, End time.Time
	Rows       int64
	Elapsed    time.Duration
}

// Views resolves names to online feature views; none means every online
// view, in name order.
func (m *Materializer) Views(names []string) ([]*registry.FeatureView, error) {
	if len(names) == 0 {
		var out []*registry.FeatureView
		for _, v := range m.Repo.Views {
			if v.Online {
				out = append(out, v)
			}
		}
		return out, nil
	}
	out := make([]*registry.FeatureView, 0, len(names))
	for _, name := range names {
		v := m.Repo.View(name)
		if v == nil {
			return nil, sqlerr.New(sqlerr.UndefinedTable, "feature view %q does not exist", name).
				WithHint("online feature views: %s", strings.Join(m.onlineNames(), ", "))
		}
		if !v.Online {
			return nil, sqlerr.New(codeObjectInState, "feature view %s is not online", name).
				WithHint("set online: true on it in the feature repository (%s)", v.Pos)
		}
		out = append(out, v)
	}
	return out, nil
}

func (m *Materializer) onlineNames() []string {
	var names []string
	for _, v := range m.Repo.Views {
		if v.Online {
			names = append(names, v.Name)
		}
	}
	return names
}

// Materialize loads, for each view, the latest row per entity key with
// event time in [start, end). A re-run of the same interval writes the
// same rows, which the store ignores as equal: it is idempotent.
func (m *Materializer) Materialize(ctx context.Context, names []string, start, end time.Time) ([]Report, error) {
	start, end = micros(start), micros(end)
	if !start.Before(end) {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "materialize: start %s is not before end %s",
			start.UTC().Format(time.RFC3339Nano), end.UTC().Format(time.RFC3339Nano))
	}
	views, err := m.Views(names)
	if err != nil {
		return nil, err
	}
	var reports []Report
	for _, v := range views {
		r, err := m.one(ctx, v, start, end)
		if err != nil {
			return reports, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// Incremental materializes each view from the end of its last materialized
// interval (Epoch when there is none) to end. A view already materialized
// up to end is reported with no rows.
func (m *Materializer) Incremental(ctx context.Context, names []string, end time.Time) ([]Report, error) {
	end = micros(end)
	views, err := m.Views(names)
	if err != nil {
		return nil, err
	}
	var reports []Report
	for _, v := range views {
		start := Epoch
		if m.State != nil {
			last, ok, err := m.State.LastEnd(v)
			if err != nil {
				return reports, err
			}
			if ok {
				start = last
			}
		}
		if !start.Before(end) {
			reports = append(reports, Report{View: v.Name, Start: start, End: start})
			continue
		}
		r, err := m.one(ctx, v, start, end)
		if err != nil {
			return reports, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// Query is the plan and the warehouse SQL that materializes v over
// [start, end), for EXPLAIN and for the run itself.
func (m *Materializer) Query(ctx context.Context, v *registry.FeatureView, start, end time.Time) (plan.Node, string, error) {
	sources := m.Sources
	if sources == nil {
		sources = WarehouseSources{Warehouse: m.Warehouse}
	}
	src, err := sources.SourcePlan(ctx, v.Source)
	if err != nil {
		return nil, "", err
	}
	root, err := MaterializePlan(v, src, start, end)
	if err != nil {
		return nil, "", err
	}
	d, err := dialects.ByName(m.Warehouse.Dialect())
	if err != nil {
		return nil, "", err
	}
	sql, err := dialects.Print(d, root)
	return root, sql, err
}

// micros is t in UTC at the warehouse's precision, so that the interval
// recorded is exactly the one the query used.
func micros(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func (m *Materializer) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}
