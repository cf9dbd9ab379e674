package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/datagen"
)

// The fault tests' project: one online view over a PostgreSQL table of
// items, each row's values derived from its key and a generation, so
// every stored row can be checked against the reference of each
// generation.
const faultRepoYAML = `
entities:
  - name: item
    join_keys: [item_id]
sources:
  - name: items
    table: items
    timestamp_field: event_timestamp
feature_views:
  - name: item_stats
    entities: [item]
    source: items
    online: true
    features:
      - {name: f, type: float8}
      - {name: n, type: int8}
      - {name: label, type: text}
`

// faultT0 is the first generation's event time; generation g is at
// faultT0 + g hours.
var faultT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// itemRow is what generation gen holds for item k.
func itemRow(k int64, gen int) (float64, int64, string) {
	// k.gen read as decimal text: the float8 nearest to PostgreSQL's k + gen / 10.0.
	f, _ := strconv.ParseFloat(fmt.Sprintf("%d.%d", k, gen), 64)
	return f, k*10 + int64(gen), fmt.Sprintf("gen%d-%d", gen, k)
}

// faultProject writes the repository and a pitgate.yaml whose warehouse is
// whDSN and whose online store is the given YAML flow mapping.
func faultProject(t *testing.T, whDSN, onlineYAML string, maxEntries int) (config, dir string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "repo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "repo", "items.yaml"), []byte(faultRepoYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: ./repo\nwarehouse: {type: postgres, dsn: %q}\nonline: %s\ncache: {max_entries: %d}\nstate: {path: ./data}\n",
		whDSN, onlineYAML, maxEntries)
	config = filepath.Join(dir, "pitgate.yaml")
	if err := os.WriteFile(config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return config, dir
}

// loadItems creates the items table (if needed) and adds generation gen of
// items 1..n, computed by itemRow's formulas in SQL.
func loadItems(t *testing.T, dsn string, n, gen int) {
	t.Helper()
	ctx := withTimeout(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE IF NOT EXISTS items (item_id int8, event_timestamp timestamptz, f float8, n int8, label text)"); err != nil {
		t.Fatal(err)
	}
	insert := fmt.Sprintf(`INSERT INTO items SELECT k, $1::timestamptz, k + %d / 10.0, k * 10 + %d, 'gen%d-' || k
		FROM generate_series(1, %d) AS k`, gen, gen, gen, n)
	if _, err := conn.Exec(ctx, insert, faultT0.Add(time.Duration(gen)*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// pitgateMaterialize runs `pitgate materialize` to completion.
func pitgateMaterialize(t *testing.T, config string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"materialize", "--config", config}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pitgate materialize %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// startRedisServer runs a private redis-server (nothing persisted) on port
// (0: a free one) and returns it with its port; it is killed when t ends.
func startRedisServer(t *testing.T, port int) (*exec.Cmd, int) {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is not installed")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server)")
	}
	if port == 0 {
		port = freePort(t)
	}
	cmd := exec.Command(path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return cmd, port
		}
	}
	t.Fatalf("redis-server did not listen on %s", addr)
	return nil, 0
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// serveFaults starts `pitgate serve` on config and connects pgx to it.
func serveFaults(t *testing.T, config string) (*demo, *pgx.Conn) {
	t.Helper()
	d := startServe(t, config, datagen.Config{})
	conn, err := pgx.Connect(withTimeout(t), d.url())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return d, conn
}

const itemLookup = "SELECT f, n, label FROM online.item_stats WHERE item_id = $1"

// lookupItem reads one item through pitgate; found is false for NULL
// features.
func lookupItem(ctx context.Context, conn *pgx.Conn, k int64) (f *float64, n *int64, label *string, err error) {
	err = conn.QueryRow(ctx, itemLookup, k).Scan(&f, &n, &label)
	return f, n, label, err
}

// wantItem fails t unless item k reads as generation gen through conn.
func wantItem(t *testing.T, conn *pgx.Conn, k int64, gen int) {
	t.Helper()
	f, n, label, err := lookupItem(withTimeout(t), conn, k)
	if err != nil {
		t.Fatalf("lookup of item %d: %v", k, err)
	}
	wf, wn, wl := itemRow(k, gen)
	if f == nil || n == nil || label == nil || *f != wf || *n != wn || *label != wl {
		t.Fatalf("item %d: got (%v, %v, %v), want generation %d (%v, %v, %q)", k, deref(f), deref(n), deref(label), gen, wf, wn, wl)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// pgxConnect connects to PostgreSQL itself (the warehouse), closed when t ends.
func pgxConnect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(withTimeout(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
