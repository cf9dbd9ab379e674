package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// notebookTempResult is what notebook_temp_check.py saw.
type notebookTempResult struct {
	AHasBefore      bool     `json:"a_has_before"`
	AHasAfterCreate bool     `json:"a_has_after_create"`
	BHas            bool     `json:"b_has"`
	AColumns        []string `json:"a_columns"`
	AAfterReplace   int      `json:"a_after_replace"`
	AAfterAppend    int      `json:"a_after_append"`
	AOrderIDs       []int    `json:"a_order_ids"`
	AFirstTS        string   `json:"a_first_ts"`
	AFailRaises     bool     `json:"a_fail_raises"`
	BHasAfterAppend bool     `json:"b_has_after_append"`
	BCount          int      `json:"b_count"`
	ACountAfterB    int      `json:"a_count_after_b"`
	CHas            bool     `json:"c_has"`
	PsycopgCopy     int      `json:"psycopg_copy_rowcount"`
	PsycopgRows     []any    `json:"psycopg_rows"`
}

// TestNotebookTempTables is issue 8's notebook with the catalog seeing the
// session's temporary tables: pandas to_sql with if_exists="replace" and
// "append" on a table an earlier to_sql made, has_table per session (one
// session never sees another's table), and psycopg 3's binary COPY into a
// temporary table. On the DuckDB demo and on `pitgate serve` over
// PostgreSQL.
func TestNotebookTempTables(t *testing.T) {
	requireTool(t, "python3-sqlalchemy, python3-pandas, python3-psycopg2 and python3-psycopg", func() error {
		return exec.Command(debianPython, "-c", "import importlib.util as u, sys; "+
			"sys.exit(any(u.find_spec(m) is None for m in ('sqlalchemy', 'pandas', 'psycopg2', 'psycopg')))").Run()
	})
	cfg := testenv.SmallDemo()
	cfg.Orders = 200
	t.Run("duckdb", func(t *testing.T) {
		checkNotebookTemp(t, startDemo(t, cfg))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := testenv.Postgres(t)
		testenv.PostgresWarehouse(t, dsn, cfg)
		checkNotebookTemp(t, startServe(t, serveConfig(t, "postgres", "dsn", dsn), cfg))
	})
}

func checkNotebookTemp(t *testing.T, d *demo) {
	url := fmt.Sprintf("postgresql+psycopg2://pitgate@%s:%d/pitgate", d.host, d.port)
	cmd := exec.Command(debianPython, filepath.Join("testdata", "clients", "notebook_temp_check.py"), url, d.url())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("notebook_temp_check.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var r notebookTempResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v in %.500s", err, out)
	}
	wantIDs := make([]int, 0, 65)
	for i := 1; i <= 40; i++ {
		wantIDs = append(wantIDs, i)
	}
	for i := 76; i <= 100; i++ {
		wantIDs = append(wantIDs, i)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"has_table before to_sql", r.AHasBefore, false},
		{"has_table after to_sql", r.AHasAfterCreate, true},
		{"has_table in another session", r.BHas, false},
		{"get_columns", fmt.Sprint(r.AColumns), "[order_id driver_id event_timestamp]"},
		{"rows after if_exists=replace", r.AAfterReplace, 40},
		{"rows after if_exists=append", r.AAfterAppend, 65},
		{"order ids read back", slices.Equal(r.AOrderIDs, wantIDs), true},
		{"first event_timestamp", r.AFirstTS, "2024-01-01T00:00:00+00:00"},
		{"if_exists=fail on an existing table raises", r.AFailRaises, true},
		{"the other session's append made its own table", r.BHasAfterAppend, true},
		{"the other session's rows", r.BCount, 3},
		{"rows after the other session's append", r.ACountAfterB, 65},
		{"has_table in a new session", r.CHas, false},
		{"psycopg 3 binary COPY rowcount", r.PsycopgCopy, 1000},
		{"psycopg 3 binary COPY rows", fmt.Sprint(r.PsycopgRows), "[1000 900 124875 2024-01-01T00:00:00+00:00]"},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}

// serveConfig writes a pitgate.yaml for the demo repository over the
// warehouse of type typ whose one setting is key: value.
func serveConfig(t *testing.T, typ, key, value string) string {
	config := filepath.Join(t.TempDir(), "pitgate.yaml")
	yaml := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: %q\nwarehouse:\n  type: %s\n  %s: %q\n",
		filepath.Join(testenv.Root(), "testdata", "demo", "repo"), typ, key, value)
	if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return config
}

// TestTempTablesLeaveNothing: the warehouse drops a session's temporary
// tables when the session ends, and when `pitgate serve` is SIGKILLed with
// sessions open; the next start finds none. PostgreSQL is checked on the
// server (pg_class in the pg_temp_N schemas of pitgate's connections),
// DuckDB in its database file once the process is gone and through a new
// session.
func TestTempTablesLeaveNothing(t *testing.T) {
	cfg := testenv.SmallDemo()
	cfg.Orders = 50
	t.Run("postgres", func(t *testing.T) {
		dsn := testenv.Postgres(t)
		testenv.PostgresWarehouse(t, dsn, cfg)
		ctx := withTimeout(t)
		admin, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close(ctx)
		onServer := func(name string) int {
			var n int
			err := admin.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE c.relname = $1 AND n.nspname LIKE 'pg_temp_%'`, name).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		config := serveConfig(t, "postgres", "dsn", dsn)
		name := fmt.Sprintf("leave_nothing_%d", time.Now().UnixNano())
		d := startServe(t, config, cfg)
		closed, killed := tempSession(t, d, name), tempSession(t, d, name)
		if n := onServer(name); n != 2 {
			t.Fatalf("PostgreSQL holds %d temporary %s, want 2", n, name)
		}
		closed.Close(ctx)
		waitFor(t, "the closed session's table to go", func() bool { return onServer(name) == 1 })
		if err := d.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = d.cmd.Wait()
		_ = killed.Close(ctx)
		waitFor(t, "the SIGKILLed pitgate's table to go", func() bool { return onServer(name) == 0 })
		next := startServe(t, config, cfg)
		if n := onServer(name); n != 0 {
			t.Errorf("after the next start PostgreSQL holds %d temporary %s", n, name)
		}
		checkNotVisible(t, next, name)
	})
	t.Run("duckdb", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "warehouse.duckdb")
		writeDuckDB(t, path, cfg)
		config := serveConfig(t, "duckdb", "path", path)
		name := "leave_nothing"
		d := startServe(t, config, cfg)
		closed := tempSession(t, d, name)
		closed.Close(context.Background())
		checkNotVisible(t, d, name)
		tempSession(t, d, name)
		if err := d.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = d.cmd.Wait()
		db, err := duckdb.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(context.Background(), "SELECT database_name || '.' || schema_name || '.' || table_name FROM duckdb_tables() WHERE table_name = '"+name+"'")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			t.Errorf("the DuckDB file holds %v after the kill", rows.Values())
		}
		rows.Close()
		db.Close()
		checkNotVisible(t, startServe(t, config, cfg), name)
	})
}

// tempSession connects to d and creates the temporary table name with a row.
func tempSession(t *testing.T, d *demo, name string) *pgx.Conn {
	t.Helper()
	ctx := withTimeout(t)
	c, err := pgx.Connect(ctx, d.url())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	for _, sql := range []string{"CREATE TEMP TABLE " + name + " (id bigint)", "INSERT INTO " + name + " VALUES (1)"} {
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	return c
}

// checkNotVisible: a new session of d has no table name, in its catalog or
// to read.
func checkNotVisible(t *testing.T, d *demo, name string) {
	t.Helper()
	ctx := withTimeout(t)
	c, err := pgx.Connect(ctx, d.url())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM pg_class WHERE relname = $1", name).Scan(&n); err != nil || n != 0 {
		t.Errorf("a new session's pg_class has %d %s (%v)", n, name, err)
	}
	if _, err := c.Exec(ctx, "SELECT * FROM "+name); err == nil {
		t.Errorf("a new session reads %s", name)
	}
}

func writeDuckDB(t *testing.T, path string, cfg datagen.Config) {
	db, err := duckdb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := datagen.Write(context.Background(), db, cfg, nil); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestJDBCTempTables: pgjdbc's getTables and getColumns show a session's
// temporary table to that session as PostgreSQL 15 does (TEMPORARY TABLE
// in pg_temp_N), and getTables of another session does not (PostgreSQL's
// does).
func TestJDBCTempTables(t *testing.T) {
	requireTool(t, "java and libpostgresql-jdbc-java", func() error {
		if _, err := exec.LookPath("java"); err != nil {
			return err
		}
		_, err := os.Stat(jdbcJar)
		return err
	})
	d := startDemo(t, testConfig())
	got := runJdbcTemp(t, fmt.Sprintf("jdbc:postgresql://%s:%d/pitgate?user=pitgate&sslmode=disable", d.host, d.port))
	want := "own tables\tpg_temp_N\tjdbc_tmp\tTEMPORARY TABLE\n" +
		"own columns\tid\tint8\t-5\t1\nown columns\tnote\ttext\t12\t2\nown columns\tts\ttimestamptz\t93\t3"
	if got != want {
		t.Errorf("pgjdbc through pitgate:\n%s\nwant:\n%s", got, want)
	}
	if !postgresReachable(t) {
		return
	}
	u, err := url.Parse(testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	pg := fmt.Sprintf("jdbc:postgresql://%s%s?user=%s&sslmode=disable", u.Host, u.Path, u.User.Username())
	// PostgreSQL lists another backend's temporary tables too (pg_class
	// holds every session's); pitgate never shows a session another's.
	ref := runJdbcTemp(t, pg)
	if own := ownLines(ref); own != want {
		t.Errorf("pgjdbc against PostgreSQL:\n%s\nwant (as through pitgate):\n%s", own, want)
	}
	if !strings.Contains(ref, "other tables\tpg_temp_N\tjdbc_tmp") {
		t.Errorf("PostgreSQL no longer lists another session's temporary table (docs/catalog.md says it does):\n%s", ref)
	}
}

func ownLines(out string) string {
	var own []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "own ") {
			own = append(own, line)
		}
	}
	return strings.Join(own, "\n")
}

var tempSchemaN = regexp.MustCompile(`pg_temp_[0-9]+`)

func runJdbcTemp(t *testing.T, url string) string {
	cmd := exec.CommandContext(withTimeout(t), "java", "-cp", jdbcJar, filepath.Join("testdata", "clients", "JdbcTemp.java"), url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("JdbcTemp: %v\n%s", err, stderr.String())
	}
	return tempSchemaN.ReplaceAllString(strings.TrimSpace(string(out)), "pg_temp_N")
}
