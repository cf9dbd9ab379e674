package registry_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/registry"
)

type check struct {
	what      string
	got, want any
}

func runChecks(t *testing.T, checks []check) {
	t.Helper()
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.what, c.got, c.want)
		}
	}
}

func names[T any](items []*T, name func(*T) string) []string {
	var out []string
	for _, it := range items {
		out = append(out, name(it))
	}
	return out
}

func featureNames(fs []*registry.Feature) []string {
	return names(fs, func(f *registry.Feature) string { return f.Name })
}

// TestLoadValid reads testdata/valid: several files, a subdirectory, .yml,
// two documents in one file, flow and block style, an anchor and alias, a
// skipped dot-directory holding broken YAML, and the defaults.
func TestLoadValid(t *testing.T) {
	repo, err := registry.Load("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	lines, merchant, stats := repo.View("line_amounts"), repo.View("merchant_stats"), repo.Service("payments_overview")
	if lines == nil || merchant == nil || stats == nil {
		t.Fatalf("missing objects: views %v, services %v", repo.Views, repo.Services)
	}
	recent := repo.Source("recent_lines")
	runChecks(t, []check{
		{"entities", names(repo.Entities, func(e *registry.Entity) string { return e.Name }), []string{"customer", "merchant", "order_line"}},
		{"sources", names(repo.Sources, func(s *registry.Source) string { return s.Name }), []string{"merchant_daily", "recent_lines"}},
		{"views", names(repo.Views, func(v *registry.FeatureView) string { return v.Name }), []string{"line_amounts", "merchant_stats"}},
		{"customer description", repo.Entity("customer").Description, "A customer,\ndescribed on two lines.\n"},
		{"order_line pos", repo.Entity("order_line").Pos.String(), filepath.Join("testdata", "valid", "entities.yaml") + ":5"},
		{"order_line description", repo.Entity("order_line").Description, "One line of an order"},
		{"table name", repo.Source("merchant_daily").TableName(), []string{"analytics", "public", "merchant_daily"}},
		{"query source table name", recent.TableName(), []string(nil)},
		{"query text", strings.HasPrefix(recent.Query, "SELECT order_id, line_no, ts"), true},
		{"mapped column", recent.Column("line_amount"), "amount"},
		{"unmapped column", recent.Column("line_no"), "line_no"},
		{"created field", recent.CreatedTimestampField, "loaded_at"},
		{"merchant_stats defaults", []any{merchant.TTL, merchant.Online, merchant.KnownAt}, []any{time.Duration(0), true, false}},
		{"line_amounts settings", []any{lines.TTL, lines.Online, lines.KnownAt, lines.Owner}, []any{7 * 24 * time.Hour, false, true, "payments@example.com"}},
		{"tags through alias", lines.Tags, map[string]string{"team": "payments"}},
		{"view pos", merchant.Pos.String(), filepath.Join("testdata", "valid", "sub", "views.yml") + ":2"},
		{"feature order", featureNames(merchant.Features), []string{"revenue", "categories", "active"}},
		{"array type", merchant.Feature("categories").Type, registry.Type{Base: "text", Array: true}},
		{"feature pos", merchant.Feature("categories").Pos.Line, 7},
		{"composite join keys", lines.JoinKeys(), []string{"order_id", "line_no"}},
		{"view shares entity", lines.Entities[0] == repo.Entity("order_line"), true},
		{"view shares source", lines.Source == recent, true},
		{"service items", len(stats.Items), 2},
		{"bare view means all", featureNames(stats.Items[0].Features), []string{"line_amount"}},
		{"listed features in written order", featureNames(stats.Items[1].Features), []string{"active", "revenue"}},
		{"service shares view", stats.Items[1].View == merchant, true},
		{"service shares feature", stats.Items[1].Features[1] == merchant.Feature("revenue"), true},
		{"absent entity", repo.Entity("nobody") == nil, true},
		{"absent source", repo.Source("nothing") == nil, true},
		{"absent view", repo.View("payments_overview") == nil, true},
		{"absent service", repo.Service("merchant_stats") == nil, true},
		{"absent feature", merchant.Feature("line_amount") == nil, true},
	})
}

// TestParseMatchesLoad checks that Parse from memory and Load from disk agree.
func TestParseMatchesLoad(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"b.yaml": []byte("entities:\n  - {name: driver, join_keys: [driver_id]}\n"),
		"a.yaml": []byte("sources:\n  - {name: s, table: t, timestamp_field: ts}\nfeature_views:\n  - name: v\n    entities: [driver]\n    source: s\n    features: [{name: f, type: int4}]\n"),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fromMemory, err := registry.Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	fromDisk, err := registry.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	describe := func(r *registry.Repo) string {
		v := r.View("v")
		return fmt.Sprintf("%v %v %s %v", v.JoinKeys(), v.Source.TableName(), v.Features[0].Type, v.Pos.Line)
	}
	if a, b := describe(fromMemory), describe(fromDisk); a != b || a != "[driver_id] [t] int4 4" {
		t.Errorf("Parse gives %q, Load gives %q, want both %q", a, b, "[driver_id] [t] int4 4")
	}
}

func TestLoadNoRepository(t *testing.T) {
	cases := []struct {
		name, dir, want string
	}{
		{"empty directory", t.TempDir(), "holds no .yaml or .yml files"},
		{"missing directory", filepath.Join(t.TempDir(), "absent"), "no such file or directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := registry.Load(c.dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load(%s) error = %v, want it to contain %q", c.dir, err, c.want)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	repo, err := registry.Parse(map[string][]byte{"empty.yaml": nil, "comments.yaml": []byte("# nothing yet\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Entities)+len(repo.Sources)+len(repo.Views)+len(repo.Services) != 0 {
		t.Errorf("empty files gave objects: %+v", repo)
	}
}
