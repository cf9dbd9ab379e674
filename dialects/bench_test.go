package dialects_test

import (
	"context"
	"os"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// BenchmarkDesignQuery times DESIGN §1's query (every feature of both
// views, one row per order) at the demo's default size, 10k orders, run to
// the last row: on DuckDB in its dialect (native ASOF, then the window
// strategy), and on PostgreSQL in the postgres
// dialect with the window strategy, then with an index on each feature
// table's (key, event_timestamp) with both strategies. Loading is not
// timed. (LATERAL without those indexes scans the feature table once per
// order; docs/query-language.md has its time.)
func BenchmarkDesignQuery(b *testing.B) {
	cfg := datagen.DefaultConfig()
	duck := testenv.Warehouse(b, cfg)
	b.Run("duckdb", func(b *testing.B) { benchQuery(b, duck, dialects.DuckDB{}, cfg.Orders) })
	b.Run("duckdb-window", func(b *testing.B) { benchQuery(b, duck, dialects.DuckDB{Window: true}, cfg.Orders) })
	pg := testenv.PostgresWarehouse(b, testenv.Postgres(b), cfg)
	ctx := context.Background()
	if err := pg.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Run("postgres-window", func(b *testing.B) { benchQuery(b, pg, dialects.Postgres{Window: true}, cfg.Orders) })
	if os.Getenv("PITGATE_BENCH_LATERAL_NOINDEX") != "" {
		b.Run("postgres-lateral-noindex", func(b *testing.B) {
			benchQuery(b, pg, dialects.Postgres{Lateral: true}, cfg.Orders)
		})
	}
	err := pg.Exec(ctx, "CREATE INDEX ON driver_stats (driver_id, event_timestamp); "+
		"CREATE INDEX ON customer_stats (customer_id, event_timestamp); ANALYZE")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("postgres-window-indexed", func(b *testing.B) { benchQuery(b, pg, dialects.Postgres{Window: true}, cfg.Orders) })
	b.Run("postgres-lateral-indexed", func(b *testing.B) {
		benchQuery(b, pg, dialects.Postgres{Lateral: true}, cfg.Orders)
	})
}

func benchQuery(b *testing.B, wh warehouse.Warehouse, d dialects.Dialect, want int) {
	ctx := context.Background()
	stmts, err := planner.New(testenv.Repo(b), gateway.TablesOf(wh)).Plan(ctx, testenv.DesignQuery)
	if err != nil || stmts[0].Err != nil {
		b.Fatal(err, stmts[0].Err)
	}
	sql, err := dialects.Print(d, stmts[0].Query.Root)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rows, err := wh.Query(ctx, sql)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Close(); err != nil || n != want {
			b.Fatalf("%d rows, %v", n, err)
		}
	}
}
