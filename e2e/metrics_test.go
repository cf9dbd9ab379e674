package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var metricsLine = regexp.MustCompile(`addr=http://([0-9.:]+)/metrics`)

// TestMetrics reads the Prometheus endpoint after a few statements: the
// counters must count what the client did.
func TestMetrics(t *testing.T) {
	d := startDemo(t, testConfig(), "--metrics", "127.0.0.1:0")
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); {
		if m := metricsLine.FindStringSubmatch(d.stderr.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("no metrics address in the log:\n%s", d.stderr)
	}
	conn := connect(t, d)
	ctx := withTimeout(t)
	for i := 0; i < 3; i++ {
		if _, err := conn.Exec(ctx, "SELECT count(*) FROM orders"); err != nil {
			t.Fatal(err)
		}
	}
	_, _ = conn.Exec(ctx, "SELECT nope FROM orders")
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	text := string(body)
	for _, want := range []string{
		`pitgate_statements_total{kind="query",outcome="ok"} 3`,
		`pitgate_statement_errors_total{sqlstate="42703"} 1`,
		"pitgate_sessions 1",
		`pitgate_statement_duration_seconds_count{kind="query"}`,
		"go_goroutines",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
