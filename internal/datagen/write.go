package datagen

import (
	"context"
	"fmt"
	"iter"

	"github.com/pitgate/pitgate/warehouse"
)

// progressEvery is how many rows pass between progress reports.
const progressEvery = 100_000

// Write creates (replacing) the demo tables in wh and fills them, streaming;
// progress, when not nil, is told each table's row count every
// progressEvery rows and when the table is done. The Stats returned are
// counted from the rows written.
func Write(ctx context.Context, wh warehouse.Warehouse, cfg Config, progress func(table string, rows int64)) (Stats, error) {
	if err := cfg.validate(); err != nil {
		return Stats{}, err
	}
	obs := newObserver(cfg)
	for _, spec := range Tables(cfg) {
		if err := load(ctx, wh, spec, obs, progress); err != nil {
			return obs.stats, err
		}
	}
	return obs.stats, nil
}

// Measure counts the Stats of cfg's data without writing it anywhere.
func Measure(cfg Config) (Stats, error) {
	if err := cfg.validate(); err != nil {
		return Stats{}, err
	}
	obs := newObserver(cfg)
	for _, spec := range Tables(cfg) {
		for row := range spec.Rows {
			if err := obs.observe(spec.Name, row); err != nil {
				return obs.stats, err
			}
		}
	}
	return obs.stats, nil
}

func load(ctx context.Context, wh warehouse.Warehouse, spec TableSpec, obs *observer, progress func(string, int64)) error {
	next, stop := iter.Pull(spec.Rows)
	defer stop()
	var n int64
	src := func(row []any) (bool, error) {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		r, ok := next()
		if !ok {
			return false, nil
		}
		if len(row) != len(r) {
			return false, fmt.Errorf("datagen: %s: the warehouse asked for %d values per row, the table has %d", spec.Name, len(row), len(r))
		}
		if err := obs.observe(spec.Name, r); err != nil {
			return false, err
		}
		copy(row, r)
		if n++; progress != nil && n%progressEvery == 0 {
			progress(spec.Name, n)
		}
		return true, nil
	}
	loaded, err := wh.Load(ctx, []string{spec.Name}, spec.Cols, src)
	if err != nil {
		return fmt.Errorf("demo data: loading %s: %w", spec.Name, err)
	}
	if loaded != n {
		return fmt.Errorf("demo data: the warehouse loaded %d rows into %s, the generator gave %d", loaded, spec.Name, n)
	}
	if progress != nil {
		progress(spec.Name, n)
	}
	return nil
}
