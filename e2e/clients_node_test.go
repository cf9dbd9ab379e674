package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// nodeDir holds the node-postgres client: package.json and its lock are
// committed, node_modules is installed by `npm ci` (.ci/run).
var nodeDir = filepath.Join("testdata", "clients", "node")

// TestNodePostgres runs check.js with node-postgres (pg 8), which speaks
// the extended protocol with untyped text parameters for every query that
// has values, and a named statement that it parses once per connection.
func TestNodePostgres(t *testing.T) {
	requireTool(t, "node and node-postgres (npm ci in "+nodeDir+")", func() error {
		if _, err := exec.LookPath("node"); err != nil {
			return err
		}
		_, err := os.Stat(filepath.Join(nodeDir, "node_modules", "pg", "package.json"))
		return err
	})
	d := startDemo(t, testConfig())
	driver, from, want := paramArgs(d)
	customer := int64(datagen.FirstCustomerID + 2)
	res := runNode(t, d, driver, from, customer)

	checkClientRows(t, "design", res["design"], testenv.DesignReference(d.cfg))
	for _, name := range []string{"param", "prepared1", "prepared2", "prepared3", "after_error",
		"pool0", "pool1", "pool2", "pool3", "pool4", "pool5", "pool6", "pool7"} {
		checkClientRows(t, "node-postgres "+name, res[name], want)
	}
	expect := map[string]string{
		"error":            `[[42P01 relation "no_such_table" does not exist]]`,
		"pool_connections": `[[8]]`,
	}
	checkNodeTypes(t, res["types"])
	checkOnline(t, "online_driver", res["online_driver"], d, "driver_hourly_stats", driver, true)
	checkOnline(t, "online_customer", res["online_customer"], d, "customer_profile", customer, false)
	for name, w := range expect {
		if got := fmt.Sprint(res[name]); got != w {
			t.Errorf("%s = %s, want %s", name, got, w)
		}
	}
}

func runNode(t *testing.T, d *demo, driver int64, from time.Time, customer int64) map[string][][]any {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"design.sql": testenv.DesignQuery, "param.sql": paramQuery}
	for name, sql := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.CommandContext(withTimeout(t), "node", filepath.Join(nodeDir, "check.js"), d.url(),
		strconv.FormatInt(driver, 10), from.Format(time.RFC3339Nano), strconv.FormatInt(customer, 10),
		filepath.Join(dir, "design.sql"), filepath.Join(dir, "param.sql"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("check.js: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var res map[string][][]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("%v in %.2000s", err, out)
	}
	return res
}

// checkOnline compares an online lookup of key with the latest row by
// brute force: its event time and features, or NULL features where the
// view's ttl has expired it (every demo driver: its data is from 2024).
func checkOnline(t *testing.T, name string, got [][]any, d *demo, view string, key int64, expired bool) {
	t.Helper()
	latest := testenv.Latest(d.cfg, testenv.Repo(t).View(view), time.Now())[key]
	want := []any{key, latest.EventTS.UTC()}
	for _, v := range latest.Values {
		if expired {
			v = nil
		}
		want = append(want, v)
	}
	if len(got) != 1 {
		t.Errorf("%s: %d rows, want 1", name, len(got))
		return
	}
	typed, err := typedLike(got, &pitref.Table{Rows: [][]any{want}})
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if fmt.Sprint(typed.Rows[0]) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", name, typed.Rows[0], want)
	}
}

// checkNodeTypes checks the parameters' round trip: numeric compared as a
// number (pitgate's DuckDB returns it at scale 10, PostgreSQL as sent).
func checkNodeTypes(t *testing.T, rows [][]any) {
	t.Helper()
	if len(rows) != 1 || len(rows[0]) != 5 {
		t.Fatalf("types: %v", rows)
	}
	r := rows[0]
	n, ok := new(big.Rat).SetString(fmt.Sprint(r[3]))
	if !ok || n.Cmp(big.NewRat(12345, 1000)) != 0 {
		t.Errorf("numeric parameter came back as %v, want 12.345", r[3])
	}
	r[3] = "12.345"
	if got, want := fmt.Sprint(r), "[42 2024-01-02T03:04:05.678+00:00 it's 12.345 [1.5 -2.25 1e-7]]"; got != want {
		t.Errorf("types = %s, want %s", got, want)
	}
}
