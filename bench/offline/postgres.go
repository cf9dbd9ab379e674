package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// runPostgres times DESIGN §1's query on PostgreSQL: pitgate's SQL with
// the postgres dialect's default strategy (auto: LATERAL where the feature
// table has a btree on (key, ts), window otherwise), each strategy forced,
// and the Feast-shaped template, on the demo data of cfg loaded once into
// a schema named after cfg. With index, each feature table gets that
// btree; without, any such index is dropped and LATERAL is not run (a
// scan of the feature table per order). Every query runs on one backend,
// whose peak memory is read from /proc.
func runPostgres(cfg datagen.Config, o options, dsn string, index, serial bool) error {
	ctx := context.Background()
	wh, err := openPostgresData(ctx, cfg, dsn)
	if err != nil {
		return err
	}
	defer wh.Close()
	ddl := "DROP INDEX IF EXISTS driver_stats_key_ts; DROP INDEX IF EXISTS customer_stats_key_ts; ANALYZE driver_stats; ANALYZE customer_stats"
	if index {
		ddl = "CREATE INDEX IF NOT EXISTS driver_stats_key_ts ON driver_stats (driver_id, event_timestamp); " +
			"CREATE INDEX IF NOT EXISTS customer_stats_key_ts ON customer_stats (customer_id, event_timestamp); ANALYZE driver_stats; ANALYZE customer_stats"
	}
	if serial {
		ddl += "; SET max_parallel_workers_per_gather = 0"
	}
	if err := wh.Exec(ctx, ddl); err != nil {
		return err
	}
	probe, err := newPGProbe(ctx, wh)
	if err != nil {
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
	fmt.Printf("data on PostgreSQL: %d orders, %d drivers, %d customers, %d hours (seed %d), index on (key, ts): %v, serial: %v; %d runs each, timeout %v\n",
		cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory, cfg.Seed, index, serial, o.runs, o.timeout)
	printLoad()
	for _, set := range o.sets {
		stmts, err := planner.New(repo, gateway.TablesOf(wh)).Plan(ctx, set.pit)
		if err != nil {
			return err
		}
		var queries []named
		for _, s := range []struct {
			name string
			d    dialects.Postgres
		}{{"pitgate", dialects.Postgres{}}, {"pitgate-window", dialects.Postgres{Window: true}}, {"pitgate-lateral", dialects.Postgres{Lateral: true}}} {
			if s.d.Lateral && !index {
				continue
			}
			sql, err := dialects.Print(s.d, stmts[0].Query.Root)
			if err != nil {
				return err
			}
			if len(queries) > 0 && sql == queries[0].sql {
				continue // the default already printed this strategy
			}
			if *printSQL {
				fmt.Printf("-- %s\n%s;\n", s.name, sql)
			}
			queries = append(queries, named{s.name, sql})
		}
		queries = append(queries, named{"feast-template", set.feast})
		if queries, err = selectQueries(queries); err != nil {
			return err
		}
		fmt.Printf("\nviews: %s (ttl %s), pitgate's default strategy: %s\n", set.name, set.ttl, autoChoice(stmts[0].Query.Root))
		if err := explainAll(ctx, wh, queries, "EXPLAIN (ANALYZE, BUFFERS)"); err != nil {
			return err
		}
		results, err := measureAll(ctx, wh, queries, o, probe)
		if err != nil {
			return err
		}
		f := results["feast-template"]
		for _, name := range []string{"pitgate", "pitgate-window", "pitgate-lateral"} {
			if r, ok := results[name]; ok {
				printRatio(name+" / feast-template", r, f)
			}
		}
		printExtraRatios(queries, results, "pitgate", "feast-template")
		if w, l := results["pitgate-window"], results["pitgate-lateral"]; len(w.hashes) > 0 && len(l.hashes) > 0 && w.hashes[0] != l.hashes[0] {
			fmt.Printf("error: the window and LATERAL strategies return different results (%d and %d rows)\n", w.rows, l.rows)
		}
	}
	printLoad()
	return nil
}

// autoChoice says which strategy the postgres default picked per join.
func autoChoice(root plan.Node) string {
	var out []string
	var walk func(n plan.Node)
	walk = func(n plan.Node) {
		if pj, ok := n.(*plan.PITJoin); ok {
			s := "window"
			if pj.RightIndexed {
				s = "LATERAL"
			}
			out = append(out, pj.Name+": "+s)
		}
		for _, c := range n.Children() {
			walk(c)
		}
	}
	walk(root)
	return strings.Join(out, ", ")
}

// openPostgresData connects to dsn with its search_path set to a schema
// named after cfg, generating the demo data there the first time.
func openPostgresData(ctx context.Context, cfg datagen.Config, dsn string) (*postgres.DB, error) {
	schema := fmt.Sprintf("pitgate_bench_s%d_o%d_d%d_c%d_h%d", cfg.Seed, cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory)
	admin, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	_, statErr := admin.Table(ctx, []string{schema, "orders"})
	if statErr != nil {
		err = admin.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema) // schema is made of letters, digits and _ only
	}
	admin.Close()
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("pool_max_conns", "1") // one backend, whose memory the probe reads
	u.RawQuery = q.Encode()
	wh, err := postgres.Open(ctx, u.String())
	if err != nil || statErr == nil {
		return wh, err
	}
	if err = generate(ctx, wh, cfg, "loading"); err != nil {
		wh.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
		wh.Close()
	}
	return wh, err
}
