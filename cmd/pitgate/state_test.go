package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
)

// TestMaterializeWithPostgresState: with state: {type: postgres}, the
// intervals live in PostgreSQL, not in a file: a second project (another
// gateway's configuration) on the same state database finds the views up to
// date, and a view never materialized there is still started from the
// beginning.
func TestMaterializeWithPostgresState(t *testing.T) {
	dsn := testenv.Postgres(t)
	state := "state: {type: postgres, dsn: \"" + dsn + "\"}\n"
	first, second := project(t, smallDemo(), state), project(t, smallDemo(), state)
	var stdout, stderr bytes.Buffer
	end := "2024-01-02T12:00:00Z"
	if code := run([]string{"materialize", "--config", first, "--incremental", "--end", end, "--views", "driver_hourly_stats"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "driver_hourly_stats: ") || strings.Contains(stdout.String(), "up to date") {
		t.Fatalf("the first run reported %q", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(first), "data", online.StateFile)); err == nil {
		t.Errorf("state: postgres wrote %s", online.StateFile)
	}
	stdout.Reset()
	if code := run([]string{"materialize", "--config", second, "--incremental", "--end", end}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "driver_hourly_stats: up to date (materialized until 2024-01-02T12:00:00Z)") {
		t.Errorf("the second project does not share the first's state:\n%s", out)
	}
	if !strings.Contains(out, "customer_profile: ") || strings.Contains(out, "customer_profile: up to date") {
		t.Errorf("customer_profile, never materialized, was not materialized:\n%s", out)
	}
}

func TestConfigPostgresStateNeedsDSN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pitgate.yaml")
	if err := os.WriteFile(path, []byte("state: {type: postgres}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path); err == nil || !strings.Contains(err.Error(), "state.dsn: the postgres state needs a DSN") {
		t.Fatalf("state postgres without dsn: %v", err)
	}
}
