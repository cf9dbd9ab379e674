package online_test

// Benchmarks (go test -bench, never asserted): lookups of 1 and 100 keys of
// a 10-feature view through the cache (hit) and from each store (miss),
// store writes of 100k rows, and materialization into each store.
//
//	go test -run '^$' -bench . -benchmem ./online/

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
	"github.com/pitgate/pitgate/registry"
)

// benchStores open each store empty, closed when b ends.
var benchStores = []struct {
	name string
	open func(b *testing.B) online.Store
}{
	{"embedded", func(b *testing.B) online.Store { return openEmbedded(b) }},
	{"redis", func(b *testing.B) online.Store { return online.NewStore(onlinetest.RedisBackend(b)) }},
	{"postgres", func(b *testing.B) online.Store {
		s, err := postgres.Open(context.Background(), postgres.Options{DSN: onlinetest.PostgresDSN(b)})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}},
}

// tenFeatures is a driver view with 10 float8 features.
var tenFeatures = func() *registry.FeatureView {
	v := &registry.FeatureView{Name: "ten", Entities: onlinetest.Stats.Entities}
	for i := 0; i < 10; i++ {
		v.Features = append(v.Features, &registry.Feature{Name: fmt.Sprint("f", i), Type: registry.Type{Base: "float8"}})
	}
	return v
}()

func tenRows(n int, ts time.Time) []online.Row {
	rows := make([]online.Row, n)
	for i := range rows {
		vals := make([]any, 10)
		for f := range vals {
			vals[f] = float64(i) + float64(f)/10
		}
		rows[i] = online.Row{Key: online.Key{int64(i)}, EventTS: ts, Values: vals}
	}
	return rows
}

const benchKeys = 100_000

func BenchmarkLookup(b *testing.B) {
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			store := st.open(b)
			defer store.Close()
			if err := store.Write(context.Background(), tenFeatures, tenRows(benchKeys, onlinetest.T0)); err != nil {
				b.Fatal(err)
			}
			cache, err := online.NewCache(store, online.CacheOptions{MaxEntries: 2 * benchKeys})
			if err != nil {
				b.Fatal(err)
			}
			for _, n := range []int{1, 100} {
				b.Run(fmt.Sprintf("store/keys=%d", n), func(b *testing.B) { benchRead(b, store, n) })
				b.Run(fmt.Sprintf("cache/keys=%d", n), func(b *testing.B) {
					warm(b, cache)
					benchRead(b, cache, n)
					if st := cache.Stats(); st.Misses != benchKeys {
						b.Fatalf("cache missed %d keys, want only the %d of the warm-up", st.Misses, benchKeys)
					}
				})
			}
		})
	}
}

// warm reads every key once, so that every later read is a hit.
func warm(b *testing.B, c *online.Cache) {
	if c.Stats().Misses > 0 {
		return
	}
	keys := make([]online.Key, benchKeys)
	for i := range keys {
		keys[i] = online.Key{int64(i)}
	}
	if _, err := c.Read(context.Background(), []online.Lookup{{View: tenFeatures, Keys: keys}}); err != nil {
		b.Fatal(err)
	}
}

func benchRead(b *testing.B, s online.Store, n int) {
	ctx := context.Background()
	keys := make([]online.Key, n)
	lookups := []online.Lookup{{View: tenFeatures, Keys: keys}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := range keys {
			keys[j] = online.Key{int64((i*n + j*7919) % benchKeys)}
		}
		res, err := s.Read(ctx, lookups)
		if err != nil {
			b.Fatal(err)
		}
		if !res[0][0].Found {
			b.Fatal("key not found")
		}
	}
}

func BenchmarkWrite100k(b *testing.B) {
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			store := st.open(b)
			defer store.Close()
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				rows := tenRows(benchKeys, onlinetest.T0.Add(time.Duration(i)*time.Second))
				if err := store.Write(ctx, tenFeatures, rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchKeys*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkMaterialize materializes driver stats of 100,000 drivers over
// three hours (about 300,000 source rows, 100,000 latest rows) into an
// empty store, and again into a store that already holds them (every row
// compared, none written).
func BenchmarkMaterialize(b *testing.B) {
	cfg := datagen.Config{Seed: 1, Drivers: benchKeys, Customers: 1, Orders: 1, HoursOfHistory: 3}
	wh := testenv.Warehouse(b, cfg)
	repo := testenv.Repo(b)
	run := func(b *testing.B, store online.Store) int64 {
		m := &online.Materializer{Repo: repo, Warehouse: wh, Store: store}
		reports, err := m.Materialize(context.Background(), []string{"driver_hourly_stats"}, online.Epoch, farEnd)
		if err != nil {
			b.Fatal(err)
		}
		return reports[0].Rows
	}
	for _, st := range benchStores {
		b.Run(st.name+"/empty", func(b *testing.B) {
			var rows int64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				store := st.open(b)
				b.StartTimer()
				rows += run(b, store)
				b.StopTimer()
				store.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
		b.Run(st.name+"/again", func(b *testing.B) {
			store := st.open(b)
			defer store.Close()
			run(b, store)
			b.ResetTimer()
			var rows int64
			for i := 0; i < b.N; i++ {
				rows += run(b, store)
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
