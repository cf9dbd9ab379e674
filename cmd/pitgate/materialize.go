package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
	"github.com/pitgate/pitgate/online/postgres"
	"github.com/pitgate/pitgate/online/redis"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

func runMaterialize(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("materialize", stderr)
	configPath := fs.String("config", "pitgate.yaml", "configuration file")
	viewList := fs.String("views", "", "comma-separated feature views (default: every online view)")
	startText := fs.String("start", "", "start of the event-time interval, inclusive (RFC 3339 or YYYY-MM-DD[ HH:MM:SS], UTC)")
	endText := fs.String("end", "", "end of the interval, exclusive (default: now)")
	incremental := fs.Bool("incremental", false, "from each view's last materialized end (or the beginning) to --end")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	start, end, err := materializeInterval(*startText, *endText, *incremental)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	// The live heap is two batches in flight: trade a few MB for less
	// collection (about a fifth of the CPU at the default).
	debug.SetGCPercent(400)
	ctx, stop := signalContext()
	defer stop()
	wh, repo, err := openWarehouseAndRepo(cfg) // open.go
	if err != nil {
		return err
	}
	defer wh.Close()
	store, err := openOnline(ctx, cfg.Online)
	if err != nil {
		return err
	}
	defer store.Close()
	state, closeState, err := openState(ctx, cfg.State)
	if err != nil {
		return err
	}
	defer closeState()
	m := newMaterializer(repo, wh, store, state, stderr)
	var reports []online.Report
	if *incremental {
		reports, err = m.Incremental(ctx, splitList(*viewList), end)
	} else {
		reports, err = m.Materialize(ctx, splitList(*viewList), start, end)
	}
	m.finish()
	printReports(stdout, reports)
	return err
}

// materializeInterval reads --start/--end; exactly one of --start and
// --incremental must be given.
func materializeInterval(startText, endText string, incremental bool) (start, end time.Time, err error) {
	switch {
	case incremental && startText != "":
		return start, end, usageError{"--start and --incremental exclude each other"}
	case !incremental && startText == "":
		return start, end, usageError{"give --start (and optionally --end), or --incremental"}
	}
	end = time.Now().UTC()
	if endText != "" {
		if end, err = parseTime(endText); err != nil {
			return start, end, usageError{"--end: " + err.Error()}
		}
	}
	if startText != "" {
		if start, err = parseTime(startText); err != nil {
			return start, end, usageError{"--start: " + err.Error()}
		}
	}
	return start, end, nil
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999", "2006-01-02"}

// parseTime reads an instant; without a zone it is UTC.
func parseTime(s string) (time.Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (use RFC 3339, or YYYY-MM-DD[ HH:MM:SS] in UTC)", s)
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// openOnline opens the configured online store.
func openOnline(ctx context.Context, c OnlineConfig) (online.Store, error) {
	switch c.Type {
	case "embedded":
		return embedded.Open(c.Path)
	case "redis":
		return redis.Open(ctx, redis.Options{Addr: c.Addr})
	case "postgres":
		return postgres.Open(ctx, postgres.Options{DSN: c.DSN})
	}
	return nil, fmt.Errorf("online type %q is not available", c.Type)
}

// progressMaterializer is a Materializer with one progress bar per view.
type progressMaterializer struct {
	*online.Materializer
	bars map[string]*progressbar.ProgressBar
}

func newMaterializer(repo *registry.Repo, wh warehouse.Warehouse, store online.Store, state *online.State,
	stderr io.Writer) *progressMaterializer {
	pm := &progressMaterializer{bars: map[string]*progressbar.ProgressBar{}}
	pm.Materializer = &online.Materializer{
		Repo: repo, Warehouse: wh, Store: store, State: state,
		Sources: gateway.PlannerSources(planner.New(repo, gateway.TablesOf(wh)), wh),
		Progress: func(view string, rows int64) {
			bar, ok := pm.bars[view]
			if !ok {
				// The number of entity keys is unknown until the query ends: a spinner with a count.
				bar = progressbar.NewOptions64(-1, progressbar.OptionSetDescription(fmt.Sprintf("%-24s", view)),
					progressbar.OptionSetWriter(stderr), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
				pm.bars[view] = bar
			}
			_ = bar.Set64(rows)
		},
	}
	return pm
}

func (pm *progressMaterializer) finish() {
	for _, bar := range pm.bars {
		_ = bar.Finish()
	}
}

func printReports(w io.Writer, reports []online.Report) {
	for _, r := range reports {
		if r.Start.Equal(r.End) {
			fmt.Fprintf(w, "%s: up to date (materialized until %s)\n", r.View, r.End.Format(time.RFC3339))
			continue
		}
		fmt.Fprintf(w, "%s: %d rows, %s .. %s, in %s\n", r.View, r.Rows, r.Start.Format(time.RFC3339),
			r.End.Format(time.RFC3339), r.Elapsed.Round(time.Millisecond))
	}
}

// materializeDemo loads the demo's online views into a fresh embedded
// store under dir (the demo regenerates its warehouse on every start, so
// the store starts over too) and returns the store, open, and its state.
func materializeDemo(ctx context.Context, dir string, repo *registry.Repo, wh warehouse.Warehouse,
	stderr io.Writer) (online.Store, *online.State, error) {
	storeDir, statePath := filepath.Join(dir, "online"), filepath.Join(dir, online.StateFile)
	for _, p := range []string{storeDir, statePath} {
		if err := os.RemoveAll(p); err != nil {
			return nil, nil, err
		}
	}
	store, err := embedded.Open(storeDir)
	if err != nil {
		return nil, nil, err
	}
	state, err := online.OpenState(statePath)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	m := newMaterializer(repo, wh, store, state, stderr)
	_, err = m.Incremental(ctx, nil, time.Now().UTC())
	m.finish()
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, state, nil
}

// openServing opens the configured online store behind its cache, and the
// materialization state, for pitgate serve.
func openServing(ctx context.Context, cfg *Config) (onlineWiring, error) {
	store, err := openOnline(ctx, cfg.Online)
	if err != nil {
		return onlineWiring{}, err
	}
	state, closeState, err := openState(ctx, cfg.State)
	if err != nil {
		store.Close()
		return onlineWiring{}, err
	}
	ol, err := cached(store, state, cfg.Cache.MaxEntries)
	ol.closeState = closeState
	return ol, err
}

// cached puts the cache in front of store; closing the wiring closes store.
func cached(store online.Store, state *online.State, maxEntries int) (onlineWiring, error) {
	cache, err := online.NewCache(store, online.CacheOptions{MaxEntries: maxEntries})
	if err != nil {
		store.Close()
		return onlineWiring{}, err
	}
	return onlineWiring{store: cache, state: state}, nil
}

// onlineWiring is what serve hands the gateway for online statements.
type onlineWiring struct {
	store online.Store // the cache in front of the store
	state *online.State
	// closeState releases the state's connections (state: postgres); nil: none.
	closeState func()
}

func (o onlineWiring) Close() error {
	if o.closeState != nil {
		o.closeState()
	}
	if o.store == nil {
		return nil
	}
	return o.store.Close()
}
