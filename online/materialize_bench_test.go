package online_test

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
)

// BenchmarkMaterializeQuery is BenchmarkMaterialize's warehouse side
// alone: its query run and its rows streamed, nothing encoded or written.
// Its CPU against BenchmarkMaterialize/embedded/empty's splits a run
// between the warehouse and the encoding plus the store.
func BenchmarkMaterializeQuery(b *testing.B) {
	cfg := datagen.Config{Seed: 1, Drivers: benchKeys, Customers: 1, Orders: 1, HoursOfHistory: 3}
	wh := testenv.Warehouse(b, cfg)
	m := &online.Materializer{Repo: testenv.Repo(b), Warehouse: wh}
	v := m.Repo.View("driver_hourly_stats")
	ctx := context.Background()
	_, sql, err := m.Query(ctx, v, online.Epoch, farEnd)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var rows int64
	for i := 0; i < b.N; i++ {
		res, err := wh.Query(ctx, sql)
		if err != nil {
			b.Fatal(err)
		}
		for res.Next() {
			rows++
		}
		if err := res.Err(); err != nil {
			b.Fatal(err)
		}
		res.Close()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
