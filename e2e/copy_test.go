package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
)

// COPY with real clients against pitgate demo: psql's \copy of DESIGN
// §1's ASOF query to a CSV file equals the reference row for row, and
// psycopg 3's cursor.copy and psycopg2's copy_expert copy out the same
// rows and push into the online store with COPY ... FROM STDIN.

// referenceLines are the design reference's rows, fields joined by "|"
// in PostgreSQL's text (NULL as ""), sorted.
func referenceLines(d *demo) []string {
	ref := testenv.DesignReference(d.cfg)
	out := make([]string, len(ref.Rows))
	for i, row := range ref.Rows {
		out[i] = psqlLine(row)
	}
	sort.Strings(out)
	return out
}

// csvLines parses CSV with a header and returns the header and the rows
// joined like referenceLines.
func csvLines(t *testing.T, data []byte) ([]string, []string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("CSV: %v\n%s", err, data)
	}
	var lines []string
	for _, r := range recs[1:] {
		lines = append(lines, strings.Join(r, "|"))
	}
	sort.Strings(lines)
	return recs[0], lines
}

func compareLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: first difference from the reference:\n got %s\nwant %s", what, got[i], want[i])
		}
	}
}

func TestCopyWithPsql(t *testing.T) {
	d := startDemo(t, testConfig())
	file := filepath.Join(t.TempDir(), "out.csv")
	query := strings.Join(strings.Fields(testenv.DesignQuery), " ") // \copy takes one line
	out, err := psql(t, d, "-v", "ON_ERROR_STOP=1", "-c", fmt.Sprintf(`\copy (%s) to '%s' csv header`, query, file))
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if !strings.Contains(out, fmt.Sprintf("COPY %d", d.cfg.Orders)) {
		t.Errorf("psql printed %q, want COPY %d", out, d.cfg.Orders)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	header, lines := csvLines(t, data)
	if got := strings.Join(header, ","); got != "order_id,driver_id,customer_id,event_timestamp,conv_rate,acc_rate,avg_daily_trips,current_balance,avg_spend,lifetime_orders" {
		t.Errorf("header %q", got)
	}
	compareLines(t, `\copy`, lines, referenceLines(d))

	// COPY FROM STDIN through \copy, then a lookup sees the pushed row.
	in := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(in, []byte("driver_id,event_timestamp,conv_rate\n1001,2031-01-01 00:00:00+00,0.875\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = psql(t, d, "-v", "ON_ERROR_STOP=1", "-c",
		fmt.Sprintf(`\copy online.driver_hourly_stats (driver_id, event_timestamp, conv_rate) from '%s' csv header`, in))
	if err != nil || !strings.Contains(out, "COPY 1") {
		t.Fatalf("psql \\copy from: %v\n%s", err, out)
	}
	out, err = psql(t, d, "-A", "-t", "-c", "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = 1001")
	if err != nil || strings.TrimSpace(out) != "0.875|" {
		t.Errorf("lookup after \\copy: %v %q, want 0.875|", err, out)
	}
	out, _ = psql(t, d, "-c", "COPY orders TO '/tmp/orders.csv'")
	if !strings.Contains(out, "not allowed") || !strings.Contains(out, `\copy`) {
		t.Errorf("COPY to a server file:\n%s", out)
	}
}

func TestCopyWithPsycopg(t *testing.T) {
	requireTool(t, "python3-psycopg2 and python3-psycopg", func() error {
		return exec.Command(debianPython, "-c", "import psycopg, psycopg2").Run()
	})
	d := startDemo(t, testConfig())
	queryFile := filepath.Join(t.TempDir(), "query.sql")
	if err := os.WriteFile(queryFile, []byte(testenv.DesignQuery), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(withTimeout(t), debianPython, filepath.Join("testdata", "clients", "copy_check.py"), d.url(), queryFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("copy_check.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var res map[string][][]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	want := referenceLines(d)
	var got []string
	for _, row := range res["psycopg3 copy to"] {
		parts := make([]string, len(row))
		for i, v := range row {
			if v != nil {
				parts[i] = fmt.Sprint(v)
			}
		}
		got = append(got, strings.Join(parts, "|"))
	}
	sort.Strings(got)
	compareLines(t, "psycopg 3 copy", got, want)
	_, lines := csvLines(t, []byte(res["psycopg2 csv"][0][0].(string)))
	compareLines(t, "psycopg2 copy_expert", lines, want)
	for name, wantRows := range map[string]string{
		"psycopg3 lookup after copy":     "[[1001 0.125 0.5 3] [1002 <nil> 0.75 4]]",
		"psycopg3 bad copy":              "[[22007 COPY driver_hourly_stats, line 2]]",
		"psycopg3 lookup after bad copy": "[[1003 <nil>]]",
		"psycopg2 lookup after copy":     "[[1005 0.25 <nil> 9]]",
	} {
		if got := fmt.Sprint(res[name]); got != wantRows {
			t.Errorf("%s = %s, want %s", name, got, wantRows)
		}
	}
}
