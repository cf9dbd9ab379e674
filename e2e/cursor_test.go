package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// Server-side cursors of real clients: psycopg2's named cursors (DECLARE
// and FETCH FORWARD n in the simple protocol) and psycopg 3's ServerCursor
// (DECLARE through the extended protocol, Describe of the cursor's portal,
// FETCH FORWARD n) read DESIGN §1's ASOF query 500 rows at a time; every
// way must return the reference's rows, as the plain query does.
func TestServerSideCursors(t *testing.T) {
	requireTool(t, "python3-psycopg2 and python3-psycopg", func() error {
		return exec.Command(debianPython, "-c", "import psycopg, psycopg2").Run()
	})
	d := startDemo(t, testConfig(), "--metrics", "127.0.0.1:0")
	driver, from, wantParam := paramArgs(d)
	dir := t.TempDir()
	queryFile, paramFile := filepath.Join(dir, "query.sql"), filepath.Join(dir, "param.sql")
	if err := os.WriteFile(queryFile, []byte(testenv.DesignQuery), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paramFile, []byte(pyformatQuery), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(withTimeout(t), debianPython, filepath.Join("testdata", "clients", "psycopg_cursor.py"),
		d.url(), queryFile, paramFile, strconv.FormatInt(driver, 10), from.Format(time.RFC3339Nano))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("psycopg_cursor.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var results map[string][][]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&results); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	want := testenv.DesignReference(d.cfg)
	want.Cols = nil
	for _, name := range []string{"plain", "psycopg2 iterated", "psycopg2 fetchmany", "psycopg2 withhold",
		"psycopg3 iterated", "psycopg3 fetchmany", "psycopg3 binary", "psycopg3 withhold autocommit"} {
		compareRows(t, name, results[name], want)
	}
	compareRows(t, "psycopg3 parameters", results["psycopg3 parameters"], wantParam)
	if n := len(results["psycopg3 after scroll"]); n != d.cfg.Orders-10 {
		t.Errorf("after scroll(10): %d rows, want %d", n, d.cfg.Orders-10)
	}
	chunks := fmt.Sprint(fullChunks(d.cfg.Orders))
	for _, name := range []string{"psycopg2 chunk sizes", "psycopg3 chunk sizes"} {
		if got := fmt.Sprint(results[name][0]); got != chunks {
			t.Errorf("%s: %s, want %s", name, got, chunks)
		}
	}
	// Every chunk was one FETCH on the server: no client read it all at once.
	if n := fetchesCounted(t, d); n < 2*int64(d.cfg.Orders/500) {
		t.Errorf("the server counted %d FETCH statements, want at least %d", n, 2*d.cfg.Orders/500)
	}
}

func compareRows(t *testing.T, name string, rows [][]any, want *pitref.Table) {
	t.Helper()
	got, err := typedLike(rows, want)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if diff := pitref.Compare(got, want); diff != "" {
		t.Errorf("%s differs from the reference:\n%s", name, diff)
	}
}

// fullChunks is what fetchmany(500) returns chunk by chunk for n rows,
// ending with the empty chunk.
func fullChunks(n int) []any {
	var out []any
	for ; n > 0; n -= min(n, 500) {
		out = append(out, json.Number(strconv.Itoa(min(n, 500))))
	}
	return append(out, json.Number("0"))
}

var fetchMetric = regexp.MustCompile(`pitgate_statements_total\{kind="fetch",outcome="ok"\} (\d+)`)

// fetchesCounted reads how many FETCH statements the server answered.
func fetchesCounted(t *testing.T, d *demo) int64 {
	t.Helper()
	m := metricsLine.FindStringSubmatch(d.stderr.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", d.stderr)
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	c := fetchMetric.FindSubmatch(body)
	if c == nil {
		t.Fatalf("no FETCH count in the metrics:\n%s", body)
	}
	n, _ := strconv.ParseInt(string(c[1]), 10, 64)
	return n
}
