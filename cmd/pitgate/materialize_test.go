package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// queryView is a view over a query source: materializing it goes through
// the planner.
const queryView = `sources:
  - name: doubled
    query: "SELECT driver_id, event_timestamp, created, conv_rate * 2 AS conv2 FROM driver_stats"
    timestamp_field: event_timestamp
    created_timestamp_field: created
feature_views:
  - name: driver_doubled
    entities: [driver]
    source: doubled
    features:
      - {name: conv2, type: float8}
`

// project writes a configuration, the demo repo plus queryView, and a
// DuckDB warehouse holding the demo data of cfg, all under a temp dir.
func project(t *testing.T, cfg datagen.Config, extra string) string {
	dir := t.TempDir()
	repoDir := filepath.Join(dir, "repo")
	if err := os.MkdirAll(repoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := pitgate.DemoRepo()
	if err != nil {
		t.Fatal(err)
	}
	files["query.yaml"] = []byte(queryView)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(repoDir, filepath.Base(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wh, err := duckdb.Open(filepath.Join(dir, "wh.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := datagen.Write(context.Background(), wh, cfg, nil); err != nil {
		t.Fatal(err)
	}
	wh.Close()
	conf := "repo: ./repo\nwarehouse: {type: duckdb, path: ./wh.duckdb}\n" + extra
	if err := os.WriteFile(filepath.Join(dir, "pitgate.yaml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "pitgate.yaml")
}

func smallDemo() datagen.Config {
	cfg := datagen.DefaultConfig()
	cfg.Drivers, cfg.Customers, cfg.Orders, cfg.HoursOfHistory = 12, 30, 100, 48
	return cfg
}

func TestMaterializeCommand(t *testing.T) {
	config := project(t, smallDemo(), "")
	var stdout, stderr bytes.Buffer
	code := run([]string{"materialize", "--config", config, "--start", "2024-01-01", "--end", "2024-01-02T12:00:00Z"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, view := range []string{"driver_hourly_stats", "customer_profile", "driver_doubled"} {
		if !strings.Contains(stdout.String(), view+": ") {
			t.Errorf("no report for %s in:\n%s", view, stdout.String())
		}
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"--incremental", "--end", "2024-01-02T12:00:00Z"}, "driver_doubled: up to date"},
		{[]string{"--incremental", "--views", "driver_doubled"}, " rows, 2024-01-02T12:00:00Z .. "},
	}
	for _, step := range steps {
		stdout.Reset()
		code := run(append([]string{"materialize", "--config", config}, step.args...), &stdout, &stderr)
		if code != 0 || !strings.Contains(stdout.String(), step.want) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %s; want %q", step.args, code, stdout.String(), stderr.String(), step.want)
		}
	}
	checkDoubled(t, filepath.Join(filepath.Dir(config), "data", "online"))
}

// checkDoubled reads one driver of the query-source view back.
func checkDoubled(t *testing.T, dir string) {
	store, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	repo, err := registry.Parse(map[string][]byte{"q.yaml": []byte(queryView + entityYAML)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := store.Read(context.Background(), []online.Lookup{{View: repo.View("driver_doubled"), Keys: []online.Key{{int64(1001)}}}})
	if err != nil {
		t.Fatal(err)
	}
	noon := time.Date(2024, 1, 2, 12, 0, 0, 0, time.UTC)
	if r := res[0][0]; !r.Found || r.EventTS.Before(noon) {
		t.Errorf("driver 1001 of driver_doubled: %+v, want its latest row, after %v", r, noon)
	}
}

const entityYAML = `entities:
  - name: driver
    join_keys: [driver_id]
`

func TestMaterializeCommandErrors(t *testing.T) {
	config := project(t, smallDemo(), "")
	bad := func(extra string) string { return project(t, datagen.Config{Seed: 1}, extra) }
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"neither start nor incremental", []string{"--config", config}, 2, "give --start"},
		{"both", []string{"--config", config, "--start", "2024-01-01", "--incremental"}, 2, "exclude each other"},
		{"bad time", []string{"--config", config, "--start", "yesterday"}, 2, "is not a time"},
		{"empty interval", []string{"--config", config, "--start", "2024-01-02", "--end", "2024-01-01"}, 1, "is not before"},
		{"unknown view", []string{"--config", config, "--start", "2024-01-01", "--views", "nope"}, 1, "does not exist"},
		{"unknown online type", []string{"--config", bad("online: {type: memcached}\n"), "--incremental"}, 1, "unknown online type"},
		{"redis without addr", []string{"--config", bad("online: {type: redis}\n"), "--incremental"}, 1, "online.addr"},
		{"postgres without dsn", []string{"--config", bad("online: {type: postgres}\n"), "--incremental"}, 1, "online.dsn"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"materialize"}, c.args...), &stdout, &stderr)
		if code != c.code || !strings.Contains(stderr.String(), c.msg) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d with %q", c.name, code, stderr.String(), c.code, c.msg)
		}
	}
}
