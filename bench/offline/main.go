// Command offline measures DESIGN §1's training query on the embedded
// warehouse: pitgate's generated SQL (the duckdb dialect's default
// strategy, pitgate, and its window strategy, pitgate-window) side by side with the shape of
// Feast's point-in-time template and DuckDB's own (tie-unaware) ASOF join,
// on the same data, and prints the ratios.
//
//	go run ./bench/offline --orders 100000 --drivers 1000 --runs 5
//	go run ./bench/offline --warehouse postgres [--index] --orders 200000 --drivers 1000 --customers 5000
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
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

func main() {
	cfg := datagen.DefaultConfig()
	flag.IntVar(&cfg.Orders, "orders", cfg.Orders, "entity rows")
	flag.IntVar(&cfg.Drivers, "drivers", cfg.Drivers, "drivers")
	flag.IntVar(&cfg.Customers, "customers", cfg.Customers, "customers")
	flag.IntVar(&cfg.HoursOfHistory, "hours", cfg.HoursOfHistory, "hours of history")
	flag.Int64Var(&cfg.Seed, "seed", cfg.Seed, "data seed")
	runs := flag.Int("runs", 3, "runs of each query (the median is reported)")
	recent := flag.Int("recent-hours", 0, "only orders of the last N hours of the period (0: all); the Feast-shaped query is not run")
	dir := flag.String("data", filepath.Join(os.TempDir(), "pitgate-bench"), "directory for the generated warehouse (reused)")
	whType := flag.String("warehouse", "duckdb", "duckdb, or postgres (--pg; data loaded once into a schema per size)")
	pgDSN := flag.String("pg", "postgres://root@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL for --warehouse postgres")
	index := flag.Bool("index", false, "postgres: a btree on each feature table's (key, event_timestamp); also runs LATERAL")
	views := flag.String("views", "both", "postgres: both views, or driver (ttl 2h) or customer (ttl 0) alone")
	flag.Parse()
	var err error
	if *whType == "postgres" {
		err = runPostgres(cfg, *runs, *pgDSN, *index, *views)
	} else {
		err = run(cfg, *runs, *recent, *dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		os.Exit(1)
	}
}

func run(cfg datagen.Config, runs, recent int, dir string) error {
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
	query, native, where := testenv.DesignQuery, nativeSQL, recentOrders(cfg, recent)
	if where != "" {
		query, native = query+"\n"+where, native+"\n"+where
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
	if *printSQL {
		fmt.Printf("-- pitgate\n%s;\n-- pitgate-window\n%s;\n", pitSQL, windowSQL)
	}
	fmt.Printf("data: %d orders, %d drivers, %d customers, %d hours (seed %d)\n",
		cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory, cfg.Seed)
	results := map[string]result{}
	queries := []struct{ name, sql string }{
		{"pitgate", pitSQL}, {"pitgate-window", windowSQL},
		{"feast-template", feastSQL}, {"duckdb-asof-untied", native},
	}
	if where != "" {
		queries = append(queries[:2], queries[3])
	}
	if f := os.Getenv("EXTRA_SQL"); f != "" {
		b, _ := os.ReadFile(f)
		queries = []struct{ name, sql string }{{"extra", string(b)}, {"pitgate", pitSQL}}
	}
	for _, q := range queries {
		r, err := measure(ctx, wh, q.sql, runs)
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		results[q.name] = r
		fmt.Printf("%-20s median %9.1f ms  rows %d\n", q.name, ms(r.median), r.rows)
	}
	p := results["pitgate"]
	if f, ok := results["feast-template"]; ok {
		fmt.Printf("pitgate / feast-template     = %.2f\n", ratio(p, f))
	}
	fmt.Printf("pitgate / duckdb-asof-untied = %.2f\n", ratio(p, results["duckdb-asof-untied"]))
	fmt.Printf("pitgate / pitgate-window     = %.2f\n", ratio(p, results["pitgate-window"]))
	if w := results["pitgate-window"]; w.rows != p.rows {
		fmt.Printf("error: the two strategies return %d and %d rows\n", p.rows, w.rows)
	}
	if f, ok := results["feast-template"]; ok && f.rows != p.rows {
		fmt.Printf("note: the Feast-shaped query returns %d rows for %d orders (duplicate entity rows and exact ties multiply)\n", f.rows, cfg.Orders)
	}
	return nil
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

type result struct {
	median time.Duration
	rows   int64
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ratio(a, b result) float64 { return float64(a.median) / float64(b.median) }

// measure runs sql runs times, reading every row, and returns the median.
func measure(ctx context.Context, wh warehouse.Warehouse, sql string, runs int) (result, error) {
	var times []time.Duration
	var rows int64
	for i := 0; i < runs; i++ {
		start := time.Now()
		rs, err := wh.Query(ctx, sql)
		if err != nil {
			return result{}, err
		}
		rows = 0
		for rs.Next() {
			rows++
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return result{}, err
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return result{median: times[len(times)/2], rows: rows}, nil
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
