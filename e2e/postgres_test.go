package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// TestServeOnPostgres loads the demo data into a fresh PostgreSQL schema,
// starts `pitgate serve` with a configuration whose warehouse is that
// schema, and checks DESIGN §1's query through pgx against the reference:
// pitgate plans it, prints it in the postgres dialect, and PostgreSQL runs it.
// Each PIT strategy of the postgres dialect is run, chosen in the
// configuration as a user would.
func TestServeOnPostgres(t *testing.T) {
	cfg := testConfig()
	dsn := testenv.Postgres(t)
	testenv.PostgresWarehouse(t, dsn, cfg)
	for _, strategy := range []string{"", "lateral"} {
		t.Run("strategy="+strategy, func(t *testing.T) { serveDesignQuery(t, dsn, strategy, cfg) })
	}
	t.Run("describe", func(t *testing.T) { describeOnPostgres(t, dsn, cfg) })
}

// describeOnPostgres prepares statements whose column types the planner
// cannot tell (functions), so pitgate asks PostgreSQL to describe them:
// the client must see the types PostgreSQL itself reports.
func describeOnPostgres(t *testing.T, dsn string, cfg datagen.Config) {
	config := filepath.Join(t.TempDir(), "pitgate.yaml")
	yaml := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: %q\nwarehouse:\n  type: postgres\n  dsn: %q\n",
		filepath.Join(testenv.Root(), "testdata", "demo", "repo"), dsn)
	if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, startServe(t, config, cfg))
	direct, err := pgx.Connect(withTimeout(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(withTimeout(t))
	sql := "SELECT md5(driver_id::text) AS h, pg_backend_pid() AS pid, now() - event_timestamp AS age, driver_id FROM driver_stats WHERE driver_id = $1"
	got, err := conn.Prepare(withTimeout(t), "described", sql)
	if err != nil {
		t.Fatal(err)
	}
	want, err := direct.Prepare(withTimeout(t), "described", sql)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Fields) != len(want.Fields) {
		t.Fatalf("%d columns, PostgreSQL says %d", len(got.Fields), len(want.Fields))
	}
	for i, f := range got.Fields {
		w := want.Fields[i]
		if f.Name != w.Name || f.DataTypeOID != w.DataTypeOID {
			t.Errorf("column %d: %s oid %d, PostgreSQL says %s oid %d", i, f.Name, f.DataTypeOID, w.Name, w.DataTypeOID)
		}
	}
}

func serveDesignQuery(t *testing.T, dsn, strategy string, cfg datagen.Config) {
	config := filepath.Join(t.TempDir(), "pitgate.yaml")
	yaml := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: %q\nwarehouse:\n  type: postgres\n  dsn: %q\n  pit_strategy: %q\n",
		filepath.Join(testenv.Root(), "testdata", "demo", "repo"), dsn, strategy)
	if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	d := startServe(t, config, cfg)
	conn := connect(t, d)
	explained := explainText(t, conn, "EXPLAIN "+testenv.DesignQuery)
	if got, want := strings.Contains(explained, "LATERAL"), strategy == "lateral"; got != want {
		t.Fatalf("EXPLAIN with pit_strategy %q mentions LATERAL: %v, want %v\n%s", strategy, got, want, explained)
	}
	rows, err := conn.Query(withTimeout(t), testenv.DesignQuery)
	if err != nil {
		t.Fatal(err)
	}
	got := &pitref.Table{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		got.Rows = append(got.Rows, normalize(vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != cfg.Orders {
		t.Fatalf("%d rows, want one per order (%d)", len(got.Rows), cfg.Orders)
	}
	want := testenv.DesignReference(cfg)
	want.Cols = nil // names differ by design (field_mapping); compare values
	if diff := pitref.Compare(got, want); diff != "" {
		t.Fatalf("pitgate on PostgreSQL differs from the reference:\n%s", diff)
	}
}

var servingLine = regexp.MustCompile(`pitgate serving \d+ feature views on ([0-9.]+):(\d+)`)

// startServe runs `pitgate serve --config config` and waits until it
// says where it listens.
func startServe(t *testing.T, config string, cfg datagen.Config) *demo {
	t.Helper()
	cmd := exec.Command(binary, "serve", "--config", config)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	d := &demo{cmd: cmd, cfg: cfg, stderr: &syncBuffer{}}
	cmd.Stderr = d.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.stop(t) })
	found := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		close(found)
	}()
	select {
	case m, ok := <-found:
		if !ok {
			t.Fatalf("pitgate serve exited; stderr:\n%s", d.stderr)
		}
		d.host = m[1]
		d.port, _ = strconv.Atoi(m[2])
	case <-time.After(time.Minute):
		t.Fatalf("pitgate serve did not start; stderr:\n%s", d.stderr)
	}
	return d
}

// explainText is EXPLAIN's output lines joined.
func explainText(t *testing.T, conn *pgx.Conn, sql string) string {
	t.Helper()
	rows, err := conn.Query(withTimeout(t), sql)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
