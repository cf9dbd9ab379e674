package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
	"github.com/pitgate/pitgate/registry"
)

// faultItems is large enough that materializing it takes several store
// batches (10,000 rows each), so a kill lands in the middle of the writes.
const faultItems = 300_000

// TestMaterializeSIGKILL kills `pitgate materialize` with SIGKILL while it
// writes a new generation of every item into the embedded store: every item
// then reads as entirely its old row or entirely its new one, the killed
// interval is not recorded, and the next incremental run completes,
// leaving every item new and the intervals merged.
func TestMaterializeSIGKILL(t *testing.T) {
	dsn := testenv.Postgres(t)
	config, dir := faultProject(t, dsn, "{type: embedded, path: ./data/online}", 1000)
	loadItems(t, dsn, faultItems, 0)
	pitgateMaterialize(t, config, "--start", "2000-01-01", "--end", faultT0.Add(time.Hour).Format(time.RFC3339))
	loadItems(t, dsn, faultItems, 1)

	end := faultT0.Add(2 * time.Hour).Format(time.RFC3339)
	killDuringWrites(t, exec.Command(binary, "materialize", "--config", config, "--incremental", "--end", end))

	repo, err := registry.Load(filepath.Join(dir, "repo"))
	if err != nil {
		t.Fatal(err)
	}
	v := repo.View("item_stats")
	fresh := checkGenerations(t, filepath.Join(dir, "data", "online"), v, []int{0, 1})
	t.Logf("after the kill: %d of %d items hold the new generation", fresh, faultItems)
	wantIntervals(t, filepath.Join(dir, "data", online.StateFile), v,
		online.Interval{Start: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), End: faultT0.Add(time.Hour)})

	out := pitgateMaterialize(t, config, "--incremental", "--end", end)
	if !strings.Contains(out, fmt.Sprintf("item_stats: %d rows", faultItems)) {
		t.Errorf("the run after the kill reported %q, want %d rows", out, faultItems)
	}
	if n := checkGenerations(t, filepath.Join(dir, "data", "online"), v, []int{1}); n != faultItems {
		t.Errorf("%d items new after the second run, want %d", n, faultItems)
	}
	wantIntervals(t, filepath.Join(dir, "data", online.StateFile), v,
		online.Interval{Start: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), End: faultT0.Add(2 * time.Hour)})
}

// killDuringWrites starts cmd and sends SIGKILL once its progress bar shows
// rows written (Progress is called after each batch is in the store).
func killDuringWrites(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var seen bytes.Buffer
	progress := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		once := sync.Once{}
		for {
			n, err := stderr.Read(buf)
			seen.Write(buf[:n])
			if strings.Contains(seen.String(), "item_stats") {
				once.Do(func() { close(progress) })
			}
			if err != nil {
				_, _ = io.Copy(io.Discard, stderr)
				return
			}
		}
	}()
	select {
	case <-progress:
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("pitgate materialize showed no progress in 3 minutes")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("pitgate materialize was not killed mid-run (it ended with %v): make the view larger", err)
	}
}

// checkGenerations reads every item from the embedded store (the killed
// process's lock is gone) and fails t unless each is exactly one of gens'
// rows; it returns how many hold the last of gens.
func checkGenerations(t *testing.T, storeDir string, v *registry.FeatureView, gens []int) int {
	t.Helper()
	store, err := embedded.Open(storeDir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	keys := make([]online.Key, faultItems)
	for i := range keys {
		keys[i] = online.Key{int64(i + 1)}
	}
	res, err := store.Read(context.Background(), []online.Lookup{{View: v, Keys: keys}})
	if err != nil {
		t.Fatal(err)
	}
	latest, bad := 0, 0
	for i, r := range res[0] {
		k := int64(i + 1)
		gen := matchGeneration(k, r, gens)
		switch {
		case gen < 0:
			if bad++; bad <= 5 {
				t.Errorf("item %d holds %+v: neither of generations %v", k, r, gens)
			}
		case gen == gens[len(gens)-1]:
			latest++
		}
	}
	if bad > 0 {
		t.Fatalf("%d items hold a row of no generation", bad)
	}
	return latest
}

// matchGeneration is the generation whose whole row r is, or -1.
func matchGeneration(k int64, r online.Result, gens []int) int {
	if !r.Found || len(r.Values) != 3 {
		return -1
	}
	for _, g := range gens {
		f, n, label := itemRow(k, g)
		if r.EventTS.Equal(faultT0.Add(time.Duration(g)*time.Hour)) &&
			r.Values[0] == any(f) && r.Values[1] == any(n) && r.Values[2] == any(label) {
			return g
		}
	}
	return -1
}

func wantIntervals(t *testing.T, path string, v *registry.FeatureView, want ...online.Interval) {
	t.Helper()
	st, err := online.OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := st.View(v)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(vs.Intervals) != fmt.Sprint(want) {
		t.Errorf("materialized intervals %v, want %v", vs.Intervals, want)
	}
}

// TestLookupsWithWarehouseDown serves an embedded store whose warehouse is
// PostgreSQL reached through a TCP proxy, then closes the proxy: lookups
// (on the open connection and on a new one) keep answering, a
// materialization fails with an error, and lookups still answer after it.
func TestLookupsWithWarehouseDown(t *testing.T) {
	dsn := testenv.Postgres(t)
	loadItems(t, dsn, 100, 0)
	p := startProxy(t, hostPort(t, dsn))
	config, _ := faultProject(t, strings.Replace(dsn, hostPort(t, dsn), p.addr(), 1), "{type: embedded, path: ./data/online}", 1000)
	pitgateMaterialize(t, config, "--start", "2000-01-01")
	d, conn := serveFaults(t, config)
	wantItem(t, conn, 1, 0)

	p.close()
	wantItem(t, conn, 2, 0)
	fresh, err := pgx.Connect(withTimeout(t), d.url())
	if err != nil {
		t.Fatalf("connecting with the warehouse down: %v", err)
	}
	defer fresh.Close(context.Background())
	wantItem(t, fresh, 3, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = fresh.Exec(ctx, "CALL pitgate.materialize_incremental()")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "08006" {
		t.Errorf("materialization with the warehouse down: %v, want 08006", err)
	} else {
		t.Logf("materialization with the warehouse down: %s: %s", pgErr.Code, pgErr.Message)
	}
	wantItem(t, fresh, 4, 0)
	wantItem(t, conn, 5, 0)
}

// TestLookupsWithRedisDown serves a private redis-server, stops it
// (SIGSTOP: nothing answers), then kills it, and checks each time that a
// lookup of a key the cache does not hold fails with 08006 (connection
// failure) naming Redis, well within the client's deadline, on a
// connection that stays usable (and recovers after SIGCONT); then starts Redis again on the same
// port (empty: nothing is persisted) and checks that lookups and pushes
// work again with no restart of pitgate.
func TestLookupsWithRedisDown(t *testing.T) {
	dsn := testenv.Postgres(t)
	loadItems(t, dsn, 100, 0)
	redisCmd, port := startRedisServer(t, 0)
	config, _ := faultProject(t, dsn, fmt.Sprintf("{type: redis, addr: \"127.0.0.1:%d\"}", port), 1000)
	pitgateMaterialize(t, config, "--start", "2000-01-01")
	_, conn := serveFaults(t, config)
	wantItem(t, conn, 1, 0)

	// Stopped (SIGSTOP): connections open but nothing answers; the
	// round-trip timeout ends the lookup.
	if err := redisCmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	wantRedisDown(t, conn, 10)
	if err := redisCmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "lookups after SIGCONT", func() bool { _, _, _, err := lookupItem(withTimeout(t), conn, 11); return err == nil })
	wantItem(t, conn, 12, 0)

	// Gone: the port refuses.
	_ = redisCmd.Process.Kill()
	_ = redisCmd.Wait()
	for k := int64(2); k <= 4; k++ { // keys the cache does not hold
		wantRedisDown(t, conn, k)
	}
	// Key 12 was cached after SIGCONT. With its invalidation subscription
	// gone the cache can no longer hear other processes' writes, so it
	// empties itself and serves nothing it cannot keep fresh
	// (docs/online.md): the cached key fails too, as fast.
	waitUntil(t, "the cached key failing with Redis gone", func() bool {
		_, _, _, err := lookupItem(withTimeout(t), conn, 12)
		var pgErr *pgconn.PgError
		return errors.As(err, &pgErr) && pgErr.Code == "08006"
	})

	startRedisServer(t, port)
	recovered := false
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline) && !recovered; time.Sleep(100 * time.Millisecond) {
		f, _, _, err := lookupItem(withTimeout(t), conn, 5)
		if err == nil {
			recovered = true
			if f != nil {
				t.Errorf("item 5 has f = %v in an empty Redis", *f)
			}
		}
	}
	if !recovered {
		t.Fatal("lookups did not recover within a minute of Redis coming back")
	}
	if _, err := conn.Exec(withTimeout(t), "INSERT INTO online.item_stats (item_id, event_timestamp, f, n, label) VALUES (6, $1, 6.0, 60, 'gen0-6')",
		faultT0); err != nil {
		t.Fatalf("push after Redis came back: %v", err)
	}
	wantItem(t, conn, 6, 0)
}

// wantRedisDown fails t unless a lookup of item k (not in the cache) fails
// with 08006 naming Redis well within the client's 20 s deadline (a hang
// would end with the client's own error instead).
func wantRedisDown(t *testing.T, conn *pgx.Conn, k int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	began := time.Now()
	_, _, _, err := lookupItem(ctx, conn, k)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "08006" || !strings.Contains(pgErr.Message, "redis") {
		t.Fatalf("lookup of item %d with Redis down: %v, want 08006 naming redis", k, err)
	}
	t.Logf("lookup with Redis down failed after %s: %s (hint: %s)", time.Since(began).Round(time.Millisecond), pgErr.Message, pgErr.Hint)
}

// proxy forwards TCP connections to a real server until closed; close
// also cuts the connections it carries (the server "goes down").
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	t.Cleanup(p.close)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// hostPort is the host:port of a postgres:// DSN.
func hostPort(t *testing.T, dsn string) string {
	t.Helper()
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))
}
