// Command online measures prepared online lookups through pitgate against
// the same latest rows read directly from PostgreSQL by primary key, with
// the same clients for both, in one run (docs/benchmarks.md):
//
//   - a pgx program (prepared statements, binary results) and pgbench
//     (`pgbench -n -M prepared -f SCRIPT -c C -j J -T S`, the scripts
//     pitgate.pgbench and postgres.pgbench), at each connection count;
//   - 1 key x 10 features and 100 keys (`= ANY($1)`, pgx) per query;
//   - cache hits (the embedded store, every key in the cache) and cache
//     misses from each store (cache.max_entries 1);
//   - materialization rows per second into each store (`pitgate materialize`).
//
// It creates its data in PostgreSQL (schema pitgate_bench: the warehouse's
// history and a table of the latest rows under a primary key), builds
// pitgate, starts `pitgate serve` per store (a private redis-server for the
// Redis store) and prints Markdown tables with the ratios pitgate/PostgreSQL.
//
//	go run ./bench/online [--keys 100000 --hours 3 --secs 5 --conns 1,8,64]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type options struct {
	pg, pgbench    string
	keys, hours    int
	secs           time.Duration
	conns          []int
	misses, keep   bool
	benchDir, work string
}

func main() {
	var o options
	var conns string
	flag.StringVar(&o.pg, "pg", envOr("PITGATE_TEST_PG", "postgres://root@127.0.0.1:5432/test?sslmode=disable"), "PostgreSQL: the warehouse and the direct lookups")
	flag.StringVar(&o.pgbench, "pgbench", "", "pgbench binary (default: pgbench on PATH, else /usr/lib/postgresql/15/bin/pgbench)")
	flag.IntVar(&o.keys, "keys", 100_000, "entities (items)")
	flag.IntVar(&o.hours, "hours", 3, "rows of history per entity (one an hour)")
	secs := flag.Int("secs", 5, "seconds of each measured run")
	flag.StringVar(&conns, "conns", "1,8,64", "connection counts")
	flag.BoolVar(&o.misses, "misses", true, "also measure cache misses from each store")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory and the pitgate_bench schema")
	flag.Parse()
	o.secs = time.Duration(*secs) * time.Second
	for _, c := range strings.Split(conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "online: bad --conns %q\n", conns)
			os.Exit(2)
		}
		o.conns = append(o.conns, n)
	}
	if err := run(context.Background(), &o); err != nil {
		fmt.Fprintln(os.Stderr, "online:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func findPgbench(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/pgbench"); err == nil {
		return "/usr/lib/postgresql/15/bin/pgbench", nil
	}
	return "", fmt.Errorf("pgbench not found (apt-get install postgresql-client-15, or --pgbench)")
}

func run(ctx context.Context, o *options) error {
	var err error
	if o.pgbench, err = findPgbench(o.pgbench); err != nil {
		return err
	}
	if o.benchDir, err = filepath.Abs("bench/online"); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(o.benchDir, "repo")); err != nil {
		return fmt.Errorf("run from the repository's root: %w", err)
	}
	if o.work, err = os.MkdirTemp("", "pitgate-bench-online-"); err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(o.work)
	}
	logf("building pitgate")
	bin, err := buildBinary(o.work)
	if err != nil {
		return err
	}
	logf("loading %d items x %d hours into PostgreSQL (schema %s)", o.keys, o.hours, schema)
	if err := loadData(ctx, o.pg, o.keys, o.hours); err != nil {
		return err
	}
	redisCmd, redisAddr, err := startRedis(ctx)
	if err != nil {
		return err
	}
	defer func() { redisCmd.Process.Kill(); redisCmd.Wait() }()
	b := &bench{o: o, bin: bin, pgDirect: target{"postgres", o.pg, schema + ".item_latest"}}
	if err := b.all(ctx, redisAddr); err != nil {
		return err
	}
	b.print(os.Stdout)
	if !o.keep {
		return dropSchema(ctx, o.pg)
	}
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
