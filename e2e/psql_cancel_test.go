package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPsqlCtrlCCancels is Ctrl-C in psql: SIGINT makes psql send a
// CancelRequest on a new connection; pitgate cancels the running
// warehouse query and psql prints PostgreSQL's 57014 message, long before
// the query could have finished, and the server goes on answering.
func TestPsqlCtrlCCancels(t *testing.T) {
	d := startDemo(t, testConfig())
	var path string
	requireTool(t, "psql", func() (err error) { path, err = exec.LookPath("psql"); return err })
	// Three copies of the feature table cross-joined: hours of work.
	long := "SELECT count(*) FROM driver_stats a, driver_stats b, driver_stats c WHERE a.conv_rate + b.conv_rate > c.acc_rate"
	cmd := exec.Command(path, "-X", "-h", d.host, "-p", strconv.Itoa(d.port), "-U", "pitgate", "pitgate", "-c", long)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // psql connected and the query runs
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("psql still running 30 s after Ctrl-C:\n%s", out.String())
	}
	if err == nil || !strings.Contains(out.String(), "canceling statement due to user request") {
		t.Fatalf("psql after Ctrl-C: %v\n%s", err, out.String())
	}
	if got, err := psql(t, d, "-A", "-t", "-c", "SELECT 41 + 1"); err != nil || strings.TrimSpace(got) != "42" {
		t.Fatalf("after the cancel: %v %q", err, got)
	}
}
