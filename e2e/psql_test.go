package e2e

import (
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
)

// psql runs the real psql against d and returns its output.
func psql(t *testing.T, d *demo, args ...string) (string, error) {
	t.Helper()
	path, err := exec.LookPath("psql")
	if err != nil {
		if testenv.CI() {
			t.Fatal("psql is not installed (CI must install postgresql-client)")
		}
		t.Skip("psql is not installed")
	}
	base := []string{"-X", "-h", d.host, "-p", strconv.Itoa(d.port), "-U", "pitgate", "pitgate"}
	out, err := exec.Command(path, append(base, args...)...).CombinedOutput()
	return string(out), err
}

// TestDesignQueryWithPsql is the README's promise: psql runs DESIGN §1's
// ASOF query and gets one row per order, with the reference's values.
func TestDesignQueryWithPsql(t *testing.T) {
	d := startDemo(t, testConfig())
	out, err := psql(t, d, "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", testenv.DesignQuery)
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != d.cfg.Orders {
		t.Fatalf("psql printed %d rows, want one per order (%d)", len(lines), d.cfg.Orders)
	}
	ref := testenv.DesignReference(d.cfg)
	want := make([]string, len(ref.Rows))
	for i, row := range ref.Rows {
		want[i] = psqlLine(row)
	}
	sort.Strings(lines)
	sort.Strings(want)
	for i := range lines {
		if lines[i] != want[i] {
			t.Fatalf("first difference from the reference:\n got %s\nwant %s", lines[i], want[i])
		}
	}
}

// TestPsqlErrorsAndSession checks what a psql user sees for mistakes, and
// that several statements in one -c run in order.
func TestPsqlErrorsAndSession(t *testing.T) {
	d := startDemo(t, testConfig())
	out, _ := psql(t, d, "-c", "SELECT order_id FROM orderz")
	for _, want := range []string{`ERROR:  relation "orderz" does not exist`, "LINE 1: SELECT order_id FROM orderz", "^"} {
		if !strings.Contains(out, want) {
			t.Errorf("psql output lacks %q:\n%s", want, out)
		}
	}
	out, _ = psql(t, d, "-c", "SELECT 1 FROM orders o ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id")
	if !strings.Contains(out, "exactly one time inequality") || !strings.Contains(out, "HINT:") {
		t.Errorf("ASOF without inequality:\n%s", out)
	}
	out, err := psql(t, d, "-q", "-A", "-t", "-c", "SET TimeZone TO 'Asia/Tokyo'; SHOW TimeZone; SELECT '2024-01-01 00:00:00+00'::timestamptz; BEGIN; SELECT 2; COMMIT")
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if got := strings.Fields(out); strings.Join(got, " ") != "Asia/Tokyo 2024-01-01 09:00:00+09 2" {
		t.Fatalf("psql printed %q", got)
	}
}

// psqlLine formats a reference row as psql -A -t -F'|' prints it.
func psqlLine(row []any) string {
	parts := make([]string, len(row))
	for i, v := range row {
		parts[i] = testenv.PostgresText(v)
	}
	return strings.Join(parts, "|")
}
