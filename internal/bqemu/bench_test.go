package bqemu

import (
	"context"
	"fmt"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
)

// BenchmarkDesignQueryOnEmulator times DESIGN §1's query (every feature of
// both views, one row per order, to the last row) on the BigQuery emulator
// in each of the bigquery dialect's PIT strategies, at two small sizes of
// the demo data. Loading is not timed.
//
// The emulator executes GoogleSQL on SQLite, so these numbers compare two
// SQL texts on SQLite's executor: they say nothing about how the strategies
// compare on BigQuery itself (docs/benchmarks.md).
func BenchmarkDesignQueryOnEmulator(b *testing.B) {
	ctx := context.Background()
	for _, orders := range []int{150, 600} {
		cfg := emulatorDemo()
		scale := orders / cfg.Orders
		cfg.Drivers, cfg.Customers, cfg.Orders = cfg.Drivers*scale, cfg.Customers*scale, orders
		duck := testenv.Warehouse(b, cfg)
		emu := startEmulator(b, demoTables(b, duck))
		sizes := duckRows(b, duck, "SELECT (SELECT count(*) FROM driver_stats), (SELECT count(*) FROM customer_stats)")
		b.Logf("%d orders, %v driver and %v customer feature rows", orders, sizes.Rows[0][0], sizes.Rows[0][1])
		stmts, err := planner.New(testenv.Repo(b), gateway.TablesOf(duck)).Plan(ctx, testenv.DesignQuery)
		if err != nil || stmts[0].Err != nil {
			b.Fatal(err, stmts[0].Err)
		}
		for _, st := range dialects.Strategies["bigquery"] {
			d, _ := dialects.WithStrategy(dialects.BigQuery{Project: project, Dataset: demoDataset}, st)
			sql, err := dialects.Print(d, stmts[0].Query.Root)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("orders=%d/%s", orders, st), func(b *testing.B) {
				for b.Loop() {
					got, err := emu.query(ctx, sql)
					if err != nil {
						b.Fatal(err)
					}
					if len(got.Rows) != orders {
						b.Fatalf("%d rows, want %d", len(got.Rows), orders)
					}
				}
			})
		}
	}
}
