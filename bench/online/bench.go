package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// key names one measured run.
type key struct {
	client string // pgx | pgbench
	batch  int    // keys per query
	conns  int
	target string // postgres | hit | miss-embedded | miss-redis | miss-postgres
}

type bench struct {
	o        *options
	bin      string
	pgDirect target
	results  map[key]result
	// rates are materialization rows per second per store.
	rates []string
}

// all materializes into each store and measures every run.
func (b *bench) all(ctx context.Context, redisAddr string) error {
	b.results = map[key]result{}
	pgOnline := withSearchPath(b.o.pg)
	setups := []storeSetup{
		{name: "embedded", online: "{type: embedded, path: ./data/online}", maxEntries: 1_000_000},
	}
	if b.o.misses {
		setups = append(setups,
			storeSetup{name: "embedded", online: "{type: embedded, path: ./data/online}", maxEntries: 1},
			storeSetup{name: "redis", online: fmt.Sprintf("{type: redis, addr: %q}", redisAddr), maxEntries: 1},
			storeSetup{name: "postgres", online: fmt.Sprintf("{type: postgres, dsn: %q}", pgOnline), maxEntries: 1})
	}
	for i, s := range setups {
		if err := b.setup(ctx, i, s); err != nil {
			return fmt.Errorf("%s store: %w", s.name, err)
		}
	}
	return nil
}

func (b *bench) setup(ctx context.Context, i int, s storeSetup) error {
	dir := filepath.Join(b.o.work, fmt.Sprintf("%d-%s", i, s.name))
	config, err := writeConfig(dir, filepath.Join(b.o.benchDir, "repo"), withSearchPath(b.o.pg), s)
	if err != nil {
		return err
	}
	logf("materializing into the %s store", s.name)
	rows, took, err := materialize(b.bin, config)
	if err != nil {
		return err
	}
	b.rates = append(b.rates, fmt.Sprintf("| %s | %d | %s | %.0fk rows/s |", s.name, rows,
		took.Round(time.Millisecond), float64(rows)/took.Seconds()/1000))
	srv, err := startServer(b.bin, config)
	if err != nil {
		return err
	}
	defer srv.stop()
	host, port := srv.hostPort()
	pit := target{"pitgate", fmt.Sprintf("postgres://bench@%s:%s/pitgate?sslmode=disable", host, port), "online.item_stats"}
	if err := checkSame(ctx, pit, b.pgDirect, b.o.keys, 200); err != nil {
		return err
	}
	name := "miss-" + s.name
	if s.maxEntries > 1 {
		name = "hit"
		logf("warming the cache with every key")
		if err := warm(ctx, pit, b.o.keys); err != nil {
			return err
		}
	}
	return b.measure(ctx, name, pit, host, port)
}

// measure runs every client, batch size and connection count against the
// pitgate server, and (for the cache hits) against PostgreSQL right after
// each, so both see the same machine load.
func (b *bench) measure(ctx context.Context, name string, pit target, host, port string) error {
	withPG := name == "hit"
	pgURL, err := url.Parse(b.o.pg)
	if err != nil {
		return err
	}
	pgUser := "postgres"
	if pgURL.User != nil {
		pgUser = pgURL.User.Username()
	}
	scripts := map[string]pgbenchTarget{
		name: {host: host, port: port, user: "bench", db: "pitgate", script: filepath.Join(b.o.benchDir, "pitgate.pgbench")},
		"postgres": {host: pgURL.Hostname(), port: pgURL.Port(), user: pgUser, db: strings.TrimPrefix(pgURL.Path, "/"),
			script: filepath.Join(b.o.benchDir, "postgres.pgbench")},
	}
	targets := map[string]target{name: pit, "postgres": b.pgDirect}
	order := []string{name}
	if withPG {
		order = append(order, "postgres")
	}
	for _, c := range b.o.conns {
		for _, t := range order {
			for _, batch := range []int{1, 100} {
				logf("pgx %s, %d key(s), %d connection(s)", t, batch, c)
				r, err := runPgx(ctx, targets[t], c, batch, b.o.keys, b.o.secs)
				if err != nil {
					return fmt.Errorf("pgx %s: %w", t, err)
				}
				b.results[key{"pgx", batch, c, t}] = r
			}
			logf("pgbench %s, %d connection(s)", t, c)
			r, err := runPgbench(b.o.pgbench, scripts[t], c, b.o.keys, b.o.secs, b.o.work)
			if err != nil {
				return err
			}
			b.results[key{"pgbench", 1, c, t}] = r
		}
	}
	return nil
}

// warm reads every key once, so the measured lookups all hit the cache.
func warm(ctx context.Context, t target, keys int) error {
	c, err := pgx.Connect(ctx, t.url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	for lo := 1; lo <= keys; lo += 1000 {
		ids := make([]int64, 0, 1000)
		for id := lo; id < lo+1000 && id <= keys; id++ {
			ids = append(ids, int64(id))
		}
		rows, _ := c.Query(ctx, t.query(len(ids)), ids)
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func dropSchema(ctx context.Context, dsn string) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	return err
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d.Nanoseconds())/1000) }

// print writes the Markdown tables: pitgate beside PostgreSQL with ratios.
func (b *bench) print(w io.Writer) {
	fmt.Fprintf(w, "\n%d items x 10 float8 features; each run %s; %s\n", b.o.keys, b.o.secs, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(w, "\n### Cache hits (embedded store) against PostgreSQL by primary key\n\n")
	fmt.Fprintln(w, "| client | keys/query | conns | pitgate avg | p50 | p99 | tps | PostgreSQL avg | p50 | p99 | tps | avg ratio | p99 ratio | tps ratio |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, client := range []string{"pgx", "pgbench"} {
		for _, batch := range []int{1, 100} {
			for _, c := range b.o.conns {
				p, ok1 := b.results[key{client, batch, c, "hit"}]
				q, ok2 := b.results[key{client, batch, c, "postgres"}]
				if !ok1 || !ok2 {
					continue
				}
				fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %.0f | %s | %s | %s | %.0f | %.2f | %.2f | %.2f |\n",
					client, batch, c, us(p.avg), us(p.p50), us(p.p99), p.tps, us(q.avg), us(q.p50), us(q.p99), q.tps,
					ratio(p.avg, q.avg), ratio(p.p99, q.p99), p.tps/q.tps)
			}
		}
	}
	b.printMisses(w)
	fmt.Fprintf(w, "\n### Materialization (`pitgate materialize`, from the PostgreSQL warehouse)\n\n")
	fmt.Fprintln(w, "| store | rows | elapsed | rate |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, r := range b.rates {
		fmt.Fprintln(w, r)
	}
}

func (b *bench) printMisses(w io.Writer) {
	if !b.o.misses {
		return
	}
	fmt.Fprintf(w, "\n### Cache misses (cache.max_entries 1) per store; ratios against PostgreSQL's run above\n\n")
	fmt.Fprintln(w, "| store | client | keys/query | conns | avg | p50 | p99 | tps | avg ratio | p99 ratio | tps ratio |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, store := range []string{"embedded", "redis", "postgres"} {
		for _, client := range []string{"pgx", "pgbench"} {
			for _, batch := range []int{1, 100} {
				for _, c := range b.o.conns {
					p, ok1 := b.results[key{client, batch, c, "miss-" + store}]
					q, ok2 := b.results[key{client, batch, c, "postgres"}]
					if !ok1 || !ok2 {
						continue
					}
					fmt.Fprintf(w, "| %s | %s | %d | %d | %s | %s | %s | %.0f | %.2f | %.2f | %.2f |\n",
						store, client, batch, c, us(p.avg), us(p.p50), us(p.p99), p.tps,
						ratio(p.avg, q.avg), ratio(p.p99, q.p99), p.tps/q.tps)
				}
			}
		}
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }
