package registry_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/registry"
)

const demoRepo = "../testdata/demo/repo"

// TestDemoRepo pins the demo repository's shape: the data generator, the
// demo SQL in DESIGN.md §1 and the docs all rely on these names.
func TestDemoRepo(t *testing.T) {
	repo, err := registry.Load(demoRepo)
	if err != nil {
		t.Fatal(err)
	}
	driver, customer := repo.View("driver_hourly_stats"), repo.View("customer_profile")
	activity := repo.Service("driver_activity")
	if driver == nil || customer == nil || activity == nil {
		t.Fatalf("demo repo lacks a view or the service: %+v", repo)
	}
	runChecks(t, []check{
		{"entities", names(repo.Entities, func(e *registry.Entity) string { return e.Name + ":" + strings.Join(e.JoinKeys, ",") }), []string{"customer:customer_id", "driver:driver_id"}},
		{"entity descriptions", repo.Entity("driver").Description != "" && repo.Entity("customer").Description != "", true},
		{"sources", names(repo.Sources, func(s *registry.Source) string {
			return s.Name + ":" + s.Table + ":" + s.TimestampField + ":" + s.CreatedTimestampField
		}),
			[]string{"customer_stats:customer_stats:event_timestamp:created", "driver_stats:driver_stats:event_timestamp:created"}},
		{"customer mapping", repo.Source("customer_stats").FieldMapping, map[string]string{"avg_passenger_spend": "avg_spend"}},
		{"driver view", describeView(driver), "driver_hourly_stats(driver_id, event_timestamp, conv_rate float8, acc_rate float8, avg_daily_trips int8) ttl=2h0m0s online=true known_at=false"},
		{"customer view", describeView(customer), "customer_profile(customer_id, event_timestamp, current_balance float8, avg_spend float8, lifetime_orders int8) ttl=0s online=true known_at=false"},
		{"driver owner and tags", []any{driver.Owner, driver.Tags["team"]}, []any{"ml-team@example.com", "drivers"}},
		{"feature descriptions", driver.Feature("conv_rate").Description != "" && driver.Description != "", true},
		{"service", describeService(activity), "driver_hourly_stats[conv_rate acc_rate]"},
		{"two-entity service", describeService(repo.Service("order_scoring")), "driver_hourly_stats[conv_rate acc_rate] customer_profile[current_balance avg_spend lifetime_orders]"},
		{"view pos", driver.Pos.String(), filepath.Join(demoRepo, "driver.yaml") + ":10"},
	})
	if d := driver.TTL; d != 2*time.Hour {
		t.Errorf("driver ttl = %v", d)
	}
}

func describeView(v *registry.FeatureView) string {
	cols := append(v.JoinKeys(), registry.EventTimestamp)
	for _, f := range v.Features {
		cols = append(cols, f.Name+" "+f.Type.String())
	}
	return fmt.Sprintf("%s(%s) ttl=%v online=%v known_at=%v", v.Name, strings.Join(cols, ", "), v.TTL, v.Online, v.KnownAt)
}

func describeService(s *registry.FeatureService) string {
	var items []string
	for _, it := range s.Items {
		items = append(items, fmt.Sprintf("%s%v", it.View.Name, featureNames(it.Features)))
	}
	return strings.Join(items, " ")
}

// TestDemoRepoMatchesWarehouse generates the demo data into a real DuckDB
// and checks that every column the repo names exists there with the
// declared type, and that the orders entity rows carry every join key.
func TestDemoRepoMatchesWarehouse(t *testing.T) {
	repo, err := registry.Load(demoRepo)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testenv.SmallDemo()
	cfg.Orders, cfg.HoursOfHistory = 10, 3
	wh := testenv.Warehouse(t, cfg)
	types := func(table string) map[string]string {
		cols, err := wh.Table(context.Background(), []string{table})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, c := range cols {
			out[c.Name] = c.Type
		}
		return out
	}
	err = repo.CheckSourceColumns(func(src *registry.Source) ([]string, error) {
		var names []string
		for name := range types(src.Table) {
			names = append(names, name)
		}
		return names, nil
	})
	if err != nil {
		t.Fatalf("demo repo does not match the warehouse:\n%v", err)
	}
	for _, v := range repo.Views {
		cols := types(v.Source.Table)
		for _, f := range v.Features {
			if got := cols[v.Source.Column(f.Name)]; got != f.Type.String() {
				t.Errorf("%s.%s is %s in the warehouse, %s in the repo", v.Name, f.Name, got, f.Type)
			}
		}
	}
	orders := types("orders")
	for _, e := range repo.Entities {
		for _, key := range e.JoinKeys {
			if orders[key] != "int8" {
				t.Errorf("orders lacks join key %s of entity %s", key, e.Name)
			}
		}
	}
}

// TestDocsShowDemoRepo keeps docs/feature-repository.md's example equal to
// the demo files (without their comment lines).
func TestDocsShowDemoRepo(t *testing.T) {
	doc, err := os.ReadFile("../docs/feature-repository.md")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(demoRepo, "*.yaml"))
	if len(files) != 4 {
		t.Fatalf("demo repo files = %v, want 4", files)
	}
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var body strings.Builder
		for line := range strings.Lines(string(content)) {
			if !strings.HasPrefix(line, "#") {
				body.WriteString(line)
			}
		}
		if !strings.Contains(string(doc), body.String()) {
			t.Errorf("docs/feature-repository.md does not show %s as it is", f)
		}
	}
}
