package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// runPostgres times DESIGN §1's query on PostgreSQL: pitgate's SQL with
// the postgres dialect's two strategies and the Feast-shaped template, on
// the demo data of cfg loaded once into a schema named after cfg. With
// index, each feature table gets a btree on (key, event_timestamp), the
// index a LATERAL lookup needs; without, any such index is dropped and
// LATERAL is not run (a scan of the feature table per order).
func runPostgres(cfg datagen.Config, runs int, dsn string, index bool, views string) error {
	ctx := context.Background()
	pitQuery, feast, err := viewQueries(views)
	if err != nil {
		return err
	}
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
	if err := wh.Exec(ctx, ddl); err != nil {
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
	stmts, err := planner.New(repo, gateway.TablesOf(wh)).Plan(ctx, pitQuery)
	if err != nil {
		return err
	}
	queries := []struct{ name, sql string }{{"feast-template", feast}}
	strategies := []dialects.Dialect{dialects.Postgres{}}
	if index {
		strategies = append(strategies, dialects.Postgres{Lateral: true})
	}
	for _, d := range strategies {
		sql, err := dialects.Print(d, stmts[0].Query.Root)
		if err != nil {
			return err
		}
		name := "pitgate-window"
		if d.(dialects.Postgres).Lateral {
			name = "pitgate-lateral"
		}
		queries = append([]struct{ name, sql string }{{name, sql}}, queries...)
	}
	fmt.Printf("data on PostgreSQL: %d orders, %d drivers, %d customers, %d hours (seed %d), index on (key, ts): %v, views: %s\n",
		cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory, cfg.Seed, index, views)
	results := map[string]result{}
	for _, q := range queries {
		r, err := measure(ctx, wh, q.sql, runs)
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		results[q.name] = r
		fmt.Printf("%-20s median %9.1f ms  rows %d\n", q.name, ms(r.median), r.rows)
	}
	f := results["feast-template"]
	for _, name := range []string{"pitgate-window", "pitgate-lateral"} {
		if r, ok := results[name]; ok {
			fmt.Printf("%s / feast-template = %.2f\n", name, ratio(r, f))
		}
	}
	return nil
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
