package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

func runDemo(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	listen := fs.String("listen", "127.0.0.1:5433", "address to serve on")
	metricsAddr := fs.String("metrics", "", "address to serve Prometheus metrics on (/metrics); empty: none")
	maxConns := fs.Int("max-connections", 0, "most client connections at once (0: the default, 100)")
	dataDir := fs.String("data", "", "directory for the demo warehouse (default: a fresh temporary directory, removed at exit)")
	cfg := datagen.DefaultConfig()
	fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the demo data")
	fs.IntVar(&cfg.Orders, "orders", cfg.Orders, "number of orders (entity rows)")
	fs.IntVar(&cfg.Drivers, "drivers", cfg.Drivers, "number of drivers")
	fs.IntVar(&cfg.Customers, "customers", cfg.Customers, "number of customers")
	fs.IntVar(&cfg.HoursOfHistory, "hours", cfg.HoursOfHistory, "hours of feature history")
	start := fs.String("start", "", "start of the history, RFC 3339 (default: so that it ends at the current hour, and online lookups are fresh)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := demoStart(&cfg, *start, time.Now()); err != nil {
		return err
	}
	dir, cleanup, err := demoDir(*dataDir)
	if err != nil {
		return err
	}
	defer cleanup()
	logger := newLogger(stderr)
	wh, err := duckdb.Open(filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		return err
	}
	defer wh.Close()
	ctx, stop := signalContext()
	defer stop()
	if err := generate(ctx, wh, cfg, stderr); err != nil {
		return err
	}
	files, err := pitgate.DemoRepo()
	if err != nil {
		return err
	}
	repo, err := registry.Parse(files)
	if err != nil {
		return err
	}
	if err := checkRepo(ctx, repo, wh); err != nil {
		return err
	}
	store, state, err := materializeDemo(ctx, dir, repo, wh, stderr) // DESIGN §1: the online store materialized at start
	if err != nil {
		return err
	}
	ol, err := cached(store, state, demoCacheEntries)
	if err != nil {
		return err
	}
	defer ol.Close()
	if *maxConns < 0 {
		return usageError{"--max-connections must not be negative"}
	}
	// Saved datasets go to schema pitgate_datasets of the demo warehouse,
	// their records beside the materialization state.
	datasets, err := online.OpenDatasets(filepath.Join(dir, online.DatasetsFile))
	if err != nil {
		return err
	}
	set := serveSettings{Listen: *listen, MetricsAddr: *metricsAddr, Security: serveSecurity{MaxConnections: *maxConns},
		Datasets: datasets, DatasetsSchema: []string{demoDatasetsSchema}}
	return serve(ctx, set, repo, wh, ol, logger, func(addr net.Addr) {
		host, port, _ := net.SplitHostPort(addr.String())
		fmt.Fprintf(stdout, "\npitgate demo: %d feature views, data in %s\n", len(repo.Views), dir)
		fmt.Fprintf(stdout, "connect with:\n\n  psql \"postgres://pitgate@%s:%s/pitgate\"\n\nCtrl-C stops it.\n", host, port)
	})
}

// demoDatasetsSchema is where the demo writes saved datasets.
const demoDatasetsSchema = "pitgate_datasets"

// demoCacheEntries is the demo's cache size, cache.max_entries' default.
const demoCacheEntries = 1_000_000

// demoStart sets where the demo history begins: --start, or so that it
// ends at the current hour — otherwise the driver view's 2h ttl would
// make every online lookup come back with NULL features. (After two hours
// of running they expire all the same: push fresh rows or restart.)
func demoStart(cfg *datagen.Config, flagValue string, now time.Time) error {
	if flagValue != "" {
		t, err := time.Parse(time.RFC3339, flagValue)
		if err != nil {
			return usageError{fmt.Sprintf("--start %q: %v (want RFC 3339, e.g. 2024-01-01T00:00:00Z)", flagValue, err)}
		}
		cfg.Start = t.UTC()
		return nil
	}
	// Hourly rows run from Start to Start+hours-1h: the last one at the current hour.
	cfg.Start = now.UTC().Truncate(time.Hour).Add(time.Duration(1-cfg.HoursOfHistory) * time.Hour)
	return nil
}

// demoDir is the --data directory, or a temporary one removed at exit.
func demoDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o755)
	}
	tmp, err := os.MkdirTemp("", "pitgate-demo-")
	if err != nil {
		return "", nil, err
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// generate writes the demo data with a progress bar per table.
func generate(ctx context.Context, wh warehouse.Warehouse, cfg datagen.Config, stderr io.Writer) error {
	bars := map[string]*progressbar.ProgressBar{}
	totals := map[string]int64{}
	for _, t := range datagen.Tables(cfg) {
		totals[t.Name] = estimateRows(t.Name, cfg)
	}
	_, err := datagen.Write(ctx, wh, cfg, func(table string, rows int64) {
		bar, ok := bars[table]
		if !ok {
			bar = progressbar.NewOptions64(totals[table],
				progressbar.OptionSetDescription(fmt.Sprintf("%-16s", table)),
				progressbar.OptionSetWriter(stderr), progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100_000_000), progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
			bars[table] = bar
		}
		_ = bar.Set64(rows)
	})
	for _, bar := range bars {
		_ = bar.Finish()
	}
	return err
}

// estimateRows sizes a progress bar; -1 makes it a spinner when unknown.
func estimateRows(table string, cfg datagen.Config) int64 {
	switch table {
	case "orders":
		return int64(cfg.Orders)
	}
	return -1
}
