package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/datagen"
)

// BenchmarkOnlineLookup is a prepared lookup through pgx (default mode:
// prepared, binary) against the pitgate binary: `pitgate demo` with 100
// drivers, each pushed a fresh row first (the demo's own rows are past the
// view's ttl), every key in the cache. It reports the mean and p99 of one
// execution for one key (driver_id = $1) and for 100 keys (= ANY($1)).
//
//	go test ./e2e/ -run '^$' -bench OnlineLookup
func BenchmarkOnlineLookup(b *testing.B) {
	cfg := testConfig()
	cfg.Drivers = 100
	d := startDemo(b, cfg)
	pcfg, err := pgx.ParseConfig(d.url())
	if err != nil {
		b.Fatal(err)
	}
	conn, err := pgx.ConnectConfig(context.Background(), pcfg)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(context.Background())
	keys := make([]int64, 100)
	for i := range keys {
		keys[i] = int64(datagen.FirstDriverID + i)
		if _, err := conn.Exec(context.Background(), "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips) "+
			"VALUES ($1, now(), 0.5, 0.9, 12)", keys[i]); err != nil {
			b.Fatal(err)
		}
	}
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			sql, arg := "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = $1", any(keys[0])
			if n > 1 {
				sql, arg = "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = ANY($1)", keys
			}
			var conv, acc *float64
			run := func() {
				rows, _ := conn.Query(context.Background(), sql, arg)
				got := 0
				for rows.Next() {
					if err := rows.Scan(&conv, &acc); err != nil {
						b.Fatal(err)
					}
					got++
				}
				if rows.Err() != nil || got != n || conv == nil {
					b.Fatalf("%d rows, %v", got, rows.Err())
				}
			}
			run()
			b.ReportAllocs()
			var lat []time.Duration
			for b.Loop() {
				start := time.Now()
				run()
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			var sum time.Duration
			for _, l := range lat {
				sum += l
			}
			b.ReportMetric(float64(sum.Microseconds())/float64(len(lat)), "mean-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1000, "p99-µs")
		})
	}
}
