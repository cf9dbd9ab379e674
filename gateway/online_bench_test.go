package gateway_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/wire"
)

// The hot path of online serving: a prepared lookup executed over and over,
// every key in the cache. Each benchmark reports the mean and the p99 of one
// execution, for one key (driver_id = $1) and for 100 keys (= ANY($1)).

const (
	lookupOne  = "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = $1"
	lookupMany = "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = ANY($1)"
)

func benchEnv(b *testing.B) *onlineEnv {
	cfg := testenv.SmallDemo()
	cfg.Drivers = 100
	e := startOnlineWith(b, true, cfg)
	e.materialize(b)
	return e
}

func benchKeys(n int) []int64 {
	keys := make([]int64, n)
	for i := range keys {
		keys[i] = int64(datagen.FirstDriverID + i)
	}
	return keys
}

// BenchmarkOnlineLookupSession calls the gateway's wire.Session directly
// (Bind and Execute of a statement prepared once, results discarded): the
// gateway's own cost, no protocol and no client.
func BenchmarkOnlineLookupSession(b *testing.B) {
	e := benchEnv(b)
	sess, err := e.gw.Startup(context.Background(), map[string]string{"user": "pitgate", "database": "pitgate"})
	if err != nil {
		b.Fatal(err)
	}
	defer sess.Close()
	types := pgtype.NewMap()
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			sql, param := lookupOne, binary.BigEndian.AppendUint64(nil, uint64(datagen.FirstDriverID))
			if n > 1 {
				sql = lookupMany
				if param, err = types.Encode(pgtype.Int8ArrayOID, pgtype.BinaryFormatCode, benchKeys(n), nil); err != nil {
					b.Fatal(err)
				}
			}
			prep, err := sess.Prepare(context.Background(), sql, nil)
			if err != nil {
				b.Fatal(err)
			}
			w := &countingWriter{}
			run := func() {
				portal, err := prep.Bind(context.Background(), [][]byte{param}, []int16{1})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := portal.Execute(context.Background(), 0, w); err != nil {
					b.Fatal(err)
				}
				portal.Close()
			}
			run()
			if w.rows != n {
				b.Fatalf("%d rows, want %d", w.rows, n)
			}
			measure(b, run)
		})
	}
}

// BenchmarkOnlineLookupPgx is the same through pgx over loopback TCP to the
// gateway served in-process (pgx's default mode: prepared, binary).
func BenchmarkOnlineLookupPgx(b *testing.B) {
	e := benchEnv(b)
	conn, _ := e.connect(b, pgx.QueryExecModeCacheStatement)
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			benchPgxLookup(b, conn, n)
		})
	}
}

func benchPgxLookup(b *testing.B, conn *pgx.Conn, n int) {
	sql, arg := lookupOne, any(int64(datagen.FirstDriverID))
	if n > 1 {
		sql, arg = lookupMany, benchKeys(n)
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
		if rows.Err() != nil || got != n {
			b.Fatalf("%d rows, %v", got, rows.Err())
		}
	}
	run()
	measure(b, run)
}

// measure times each run and reports its mean and p99 besides ns/op.
func measure(b *testing.B, run func()) {
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
}

// countingWriter is a wire.ResultWriter that counts and drops rows.
type countingWriter struct{ rows int }

func (w *countingWriter) Describe([]wire.Column) error         { w.rows = 0; return nil }
func (w *countingWriter) Row([]any) error                      { w.rows++; return nil }
func (w *countingWriter) Complete(string) error                { return nil }
func (w *countingWriter) EmptyQuery() error                    { return nil }
func (w *countingWriter) Notice(string) error                  { return nil }
func (w *countingWriter) ParameterStatus(string, string) error { return nil }
func (w *countingWriter) CopyOut([]wire.Column, wire.CopyFormat) (wire.CopyWriter, error) {
	return nil, errors.New("countingWriter: no COPY")
}
func (w *countingWriter) CopyIn([]wire.Column, wire.CopyFormat) (wire.CopyReader, error) {
	return nil, errors.New("countingWriter: no COPY")
}

// BenchmarkOnlineLookupPgxParallel is BenchmarkOnlineLookupPgx with 8
// connections at once, each looking up one key: the 8-connection load of
// bench/online, client and gateway sharing the machine's cores. ns/op is
// wall time per lookup over all connections.
func BenchmarkOnlineLookupPgxParallel(b *testing.B) {
	e := benchEnv(b)
	const conns = 8
	pool := make(chan *pgx.Conn, conns)
	for range conns {
		conn, _ := e.connect(b, pgx.QueryExecModeCacheStatement)
		pool <- conn
	}
	b.ReportAllocs()
	b.SetParallelism((conns + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		conn := <-pool
		defer func() { pool <- conn }()
		var conv, acc *float64
		for pb.Next() {
			err := conn.QueryRow(context.Background(), lookupOne, int64(datagen.FirstDriverID)).Scan(&conv, &acc)
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
