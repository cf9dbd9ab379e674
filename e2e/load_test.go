package e2e

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestThousandConnections opens 1,000 connections to one pitgate at once;
// each runs a mix of online lookups and warehouse queries until a
// deadline. None may fail, every connection must get answers, and the
// server's memory must stay bounded: its resident set may grow by less
// than 1 MB per connection while they are open.
func TestThousandConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the load test opens 1,000 connections")
	}
	const conns = 1000
	d := startDemo(t, testConfig(), "--max-connections", strconv.Itoa(conns+10))
	before := rssBytes(t, d.cmd.Process.Pid)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var (
		wg        sync.WaitGroup
		ready     sync.WaitGroup
		start     = make(chan struct{})
		queries   atomic.Int64
		errs      = make(chan error, conns)
		peak      atomic.Int64
		connected atomic.Int64
	)
	ready.Add(conns)
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, d.url())
			ready.Done()
			if err != nil {
				errs <- fmt.Errorf("connection %d: %w", i, err)
				return
			}
			defer conn.Close(context.Background())
			connected.Add(1)
			<-start
			if err := loadLoop(ctx, conn, i, &queries); err != nil {
				errs <- fmt.Errorf("connection %d: %w", i, err)
			}
		}(i)
	}
	ready.Wait()
	close(start)
	stopSampling := sampleRSS(t, d.cmd.Process.Pid, &peak)
	wg.Wait()
	stopSampling()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := connected.Load(); n != conns {
		t.Fatalf("%d of %d connections were accepted", n, conns)
	}
	growth := peak.Load() - before
	t.Logf("%d connections ran %d queries; server RSS %d MB before, %d MB at peak", conns, queries.Load(), before>>20, peak.Load()>>20)
	if queries.Load() < conns {
		t.Fatalf("only %d queries for %d connections", queries.Load(), conns)
	}
	if growth > conns<<20 {
		t.Fatalf("the server grew by %d MB for %d connections (more than 1 MB each)", growth>>20, conns)
	}
}

// loadLoop runs queries on conn for two seconds: nine online lookups to
// one warehouse query, each answer checked.
func loadLoop(ctx context.Context, conn *pgx.Conn, i int, queries *atomic.Int64) error {
	deadline := time.Now().Add(2 * time.Second)
	for n := 0; n == 0 || time.Now().Before(deadline); n++ {
		driver := int64(1001 + (i+n)%testConfig().Drivers)
		if n%10 == 9 {
			var c int64
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM orders WHERE driver_id = $1", driver).Scan(&c); err != nil {
				return err
			}
		} else {
			rows, err := conn.Query(ctx, "SELECT driver_id, conv_rate FROM online.driver_hourly_stats WHERE driver_id = $1", driver)
			if err != nil {
				return err
			}
			got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
			if err != nil {
				return err
			}
			if len(got) != 1 {
				return fmt.Errorf("lookup of driver %d: %d rows", driver, len(got))
			}
		}
		queries.Add(1)
	}
	return nil
}

// sampleRSS records the largest resident set of pid every 50 ms until the
// returned function is called.
func sampleRSS(t *testing.T, pid int, peak *atomic.Int64) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if r := rssBytes(t, pid); r > peak.Load() {
				peak.Store(r)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// rssBytes is VmRSS of /proc/pid/status.
func rssBytes(t *testing.T, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc status")
	return 0
}
