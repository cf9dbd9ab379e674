// Command offline measures DESIGN §1's training query on the embedded
// warehouse: pitgate's generated SQL (the duckdb dialect's default
// strategy, pitgate, its window strategy, pitgate-window, and its ASOF
// join after a tie removal over the whole feature table, pitgate-dedup)
// side by side with the shape of
// Feast's point-in-time template and DuckDB's own (tie-unaware) ASOF join,
// on the same data, and prints the ratios.
//
//	go run ./bench/offline --preset duckdb-1m --runs 3
//	go run ./bench/offline --warehouse postgres --index --preset pg-200k
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

//go:embed feast.sql.tmpl
var feastSQL string

//go:embed native.sql
var nativeSQL string

var printSQL = flag.Bool("print-sql", false, "print pitgate's SQL for both strategies before running")

// presets are the sizes issue 3 asks for: on DuckDB 1M orders and 10.3M
// driver feature rows (15,000 drivers x 720 hours, less the hours a
// driver does not report), on PostgreSQL 200k and 5M orders.
var presets = map[string]datagen.Config{
	"duckdb-1m": {Orders: 1_000_000, Drivers: 15_000, Customers: 5_000, HoursOfHistory: 720},
	"pg-200k":   {Orders: 200_000, Drivers: 1_000, Customers: 5_000, HoursOfHistory: 720},
	"pg-5m":     {Orders: 5_000_000, Drivers: 1_000, Customers: 5_000, HoursOfHistory: 720},
}

func main() {
	cfg := datagen.DefaultConfig()
	flag.IntVar(&cfg.Orders, "orders", cfg.Orders, "entity rows")
	flag.IntVar(&cfg.Drivers, "drivers", cfg.Drivers, "drivers (about 0.95 x hours driver feature rows each)")
	flag.IntVar(&cfg.Customers, "customers", cfg.Customers, "customers")
	flag.IntVar(&cfg.HoursOfHistory, "hours", cfg.HoursOfHistory, "hours of history")
	flag.Int64Var(&cfg.Seed, "seed", cfg.Seed, "data seed")
	preset := flag.String("preset", "", "a size instead of --orders/--drivers/--customers/--hours: duckdb-1m, pg-200k or pg-5m")
	runs := flag.Int("runs", 3, "runs of each query (the median is reported)")
	timeout := flag.Duration("timeout", time.Hour, "longest run of one query; a query that takes longer is cancelled and reported as such")
	recent := flag.Int("recent-hours", 0, "only orders of the last N hours of the period (0: all); the Feast-shaped query is not run")
	dir := flag.String("data", filepath.Join(os.TempDir(), "pitgate-bench"), "directory for the generated warehouse (reused)")
	whType := flag.String("warehouse", "duckdb", "duckdb, or postgres (--pg; data loaded once into a schema per size)")
	pgDSN := flag.String("pg", "postgres://root@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL for --warehouse postgres")
	index := flag.Bool("index", false, "postgres: a btree on each feature table's (key, event_timestamp), which pitgate's default (auto) strategy then lowers with LATERAL")
	serial := flag.Bool("serial", true, "postgres: no parallel workers, so that the backend's peak memory is the query's")
	views := flag.String("views", "driver,customer", "comma-separated: driver (ttl 2h), customer (ttl 0), both (DESIGN §1)")
	flag.Parse()
	if *preset != "" {
		p, ok := presets[*preset]
		if !ok {
			fmt.Fprintf(os.Stderr, "offline: --preset %q: duckdb-1m, pg-200k or pg-5m\n", *preset)
			os.Exit(2)
		}
		p.Seed = cfg.Seed
		cfg = p
	}
	sets, err := viewList(*views)
	if err == nil {
		o := options{runs: *runs, timeout: *timeout, sets: sets}
		if *whType == "postgres" {
			err = runPostgres(cfg, o, *pgDSN, *index, *serial)
		} else {
			err = run(cfg, o, *recent, *dir)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		os.Exit(1)
	}
}

// options are what every warehouse's run shares.
type options struct {
	runs    int
	timeout time.Duration
	sets    []viewSet
}

func run(cfg datagen.Config, o options, recent int, dir string) error {
	ctx := context.Background()
	wh, err := openData(ctx, cfg, dir)
	if err != nil {
		return err
	}
	defer wh.Close()
	files, err := pitgate.DemoRepo()
	if err != nil {
		return err
	}
	repo, err := registry.Parse(files)
	if err != nil {
		return err
	}
	fmt.Printf("data: %d orders, %d drivers, %d customers, %d hours (seed %d); %d runs each, timeout %v\n",
		cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory, cfg.Seed, o.runs, o.timeout)
	printLoad()
	probe := &procProbe{pid: os.Getpid()}
	for _, set := range o.sets {
		query, untied, where := set.pit, set.untied, recentOrders(cfg, recent)
		if where != "" {
			query, untied = query+"\n"+where, untied+"\n"+where
		}
		stmts, err := planner.New(repo, gateway.TablesOf(wh)).Plan(ctx, query)
		if err != nil {
			return err
		}
		pitSQL, err := dialects.Print(dialects.DuckDB{}, stmts[0].Query.Root)
		if err != nil {
			return err
		}
		windowSQL, err := dialects.Print(dialects.DuckDB{Window: true}, stmts[0].Query.Root)
		if err != nil {
			return err
		}
		dedupSQL, err := dialects.Print(dialects.DuckDB{Dedup: true}, stmts[0].Query.Root)
		if err != nil {
			return err
		}
		if *printSQL {
			fmt.Printf("-- pitgate\n%s;\n-- pitgate-window\n%s;\n-- pitgate-dedup\n%s;\n", pitSQL, windowSQL, dedupSQL)
		}
		queries := []named{{"pitgate", pitSQL}, {"pitgate-window", windowSQL}, {"pitgate-dedup", dedupSQL}, {"feast-template", set.feast}, {"duckdb-asof-untied", untied}}
		if where != "" {
			queries = append(queries[:3], queries[4])
		}
		if queries, err = selectQueries(queries); err != nil {
			return err
		}
		fmt.Printf("\nviews: %s (ttl %s)\n", set.name, set.ttl)
		if err := explainAll(ctx, wh, queries, "EXPLAIN ANALYZE"); err != nil {
			return err
		}
		results, err := measureAll(ctx, wh, queries, o, probe)
		if err != nil {
			return err
		}
		p := results["pitgate"]
		printRatio("pitgate / feast-template", p, results["feast-template"])
		printRatio("pitgate / duckdb-asof-untied", p, results["duckdb-asof-untied"])
		printRatio("pitgate / pitgate-window", p, results["pitgate-window"])
		printRatio("pitgate / pitgate-dedup", p, results["pitgate-dedup"])
		printRatio("pitgate-dedup / duckdb-asof-untied", results["pitgate-dedup"], results["duckdb-asof-untied"])
		printExtraRatios(queries, results, "pitgate", "duckdb-asof-untied", "feast-template")
		for _, other := range []string{"pitgate-window", "pitgate-dedup"} {
			if w, ok := results[other]; ok && !w.timedOut && len(w.hashes) > 0 && len(p.hashes) > 0 && w.hashes[0] != p.hashes[0] {
				fmt.Printf("error: pitgate and %s return different results (%d and %d rows)\n", other, p.rows, w.rows)
			}
		}
		if f, ok := results["feast-template"]; ok && !f.timedOut && f.rows != p.rows {
			fmt.Printf("note: the Feast-shaped query returns %d rows for %d orders (duplicate entity rows and exact ties multiply)\n", f.rows, p.rows)
		}
	}
	printLoad()
	return nil
}

type named struct{ name, sql string }

func printRatio(label string, a, b result) {
	switch {
	case a.median == 0 || b.median == 0 || a.timedOut && b.timedOut:
	case a.timedOut:
		fmt.Printf("%-32s > %.2f (the first timed out)\n", label, ratio(a, b))
	case b.timedOut:
		fmt.Printf("%-32s < %.2f (the second timed out)\n", label, ratio(a, b))
	default:
		fmt.Printf("%-32s = %.2f\n", label, ratio(a, b))
	}
}

// printLoad prints the load average: the machine is shared.
func printLoad() {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("%s load average: %s\n", time.Now().UTC().Format(time.RFC3339), strings.Join(strings.Fields(string(b))[:3], " "))
	}
}

// recentOrders is the WHERE that keeps the orders of the period's last
// hours ("" for all): a filter on the entity rows only, which pitgate
// applies before its joins and uses to bound the feature scans.
func recentOrders(cfg datagen.Config, hours int) string {
	if hours <= 0 {
		return ""
	}
	start := cfg.Start
	if start.IsZero() {
		start = datagen.DefaultStart
	}
	from := start.Add(time.Duration(cfg.HoursOfHistory-hours) * time.Hour)
	return "WHERE o.event_timestamp >= TIMESTAMPTZ '" + from.UTC().Format("2006-01-02 15:04:05+00") + "'"
}

// openData opens (or generates once) the warehouse for cfg.
func openData(ctx context.Context, cfg datagen.Config, dir string) (*duckdb.DB, error) {
	name := fmt.Sprintf("demo-s%d-o%d-d%d-c%d-h%d.duckdb", cfg.Seed, cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory)
	path := filepath.Join(dir, name)
	_, statErr := os.Stat(path)
	wh, err := duckdb.Open(path)
	if err != nil || statErr == nil {
		return wh, err
	}
	if err = generate(ctx, wh, cfg, "generating"); err != nil {
		wh.Close()
		os.Remove(path)
	}
	return wh, err
}

// generate writes the demo data of cfg into wh with a progress bar.
func generate(ctx context.Context, wh warehouse.Warehouse, cfg datagen.Config, verb string) error {
	bar := progressbar.NewOptions64(-1, progressbar.OptionSetDescription(verb), progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowCount())
	_, err := datagen.Write(ctx, wh, cfg, func(table string, n int64) {
		bar.Describe(verb + " " + table)
		_ = bar.Set64(n)
	})
	_ = bar.Finish()
	fmt.Fprintln(os.Stderr)
	return err
}
