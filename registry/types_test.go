package registry_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/registry"
)

func TestParseType(t *testing.T) {
	for _, base := range []string{"bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text",
		"bytea", "date", "timestamp", "timestamptz", "json", "jsonb", "uuid"} {
		for _, s := range []string{base, base + "[]"} {
			typ, err := registry.ParseType(s)
			if err != nil || typ.String() != s || typ.Base != base || typ.Array != strings.HasSuffix(s, "[]") {
				t.Errorf("ParseType(%q) = %+v, %v", s, typ, err)
			}
		}
	}
	for _, s := range []string{"", "[]", "float", "FLOAT8", "int8 []", " int8", "double precision",
		"float8[][]", "varchar", "interval", "int8[3]"} {
		if typ, err := registry.ParseType(s); err == nil {
			t.Errorf("ParseType(%q) = %+v, want an error", s, typ)
		}
	}
}

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"0", 0, ""},
		{"0d", 0, ""},
		{"2h", 2 * time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"7d", 7 * 24 * time.Hour, ""},
		{"365d", 365 * 24 * time.Hour, ""},
		{"1500ms", 1500 * time.Millisecond, ""},
		{"-1h", 0, "must not be negative"},
		{"-0", 0, ""},
		{"7200", 0, "7200s"},
		{"", 0, "Go duration"},
		{"d", 0, "Go duration"},
		{"1.5d", 0, "Go duration"},
		{"-7d", 0, "Go duration"},
		{"2 hours", 0, "Go duration"},
		{"99999999999d", 0, "too long"},
	}
	for _, c := range cases {
		got, err := registry.ParseDuration(c.in)
		switch {
		case c.wantErr == "" && (err != nil || got != c.want):
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("ParseDuration(%q) = %v, %v; want an error containing %q", c.in, got, err, c.wantErr)
		}
	}
}

func TestModelHelpers(t *testing.T) {
	src := &registry.Source{Table: "proj-1.dataset.table", FieldMapping: map[string]string{"a": "b", "b": "a"}}
	view := &registry.FeatureView{
		Entities: []*registry.Entity{{JoinKeys: []string{"x", "y"}}, {JoinKeys: []string{"z"}}},
		Features: []*registry.Feature{{Name: "f1"}, {Name: "f2"}},
	}
	hand := &registry.Repo{Views: []*registry.FeatureView{{Name: "b"}, {Name: "a"}}}
	runChecks(t, []check{
		{"pos", registry.Pos{File: "f.yaml", Line: 3}.String(), "f.yaml:3"},
		{"pos without line", registry.Pos{File: "f.yaml"}.String(), "f.yaml"},
		{"table parts keep dashes", src.TableName(), []string{"proj-1", "dataset", "table"}},
		{"swapped mapping a", src.Column("a"), "b"},
		{"swapped mapping b", src.Column("b"), "a"},
		{"identity", src.Column("c"), "c"},
		{"nil mapping", (&registry.Source{}).Column("c"), "c"},
		{"join keys in entity order", view.JoinKeys(), []string{"x", "y", "z"}},
		{"feature lookup", view.Feature("f2") == view.Features[1], true},
		{"hand-built repo lookup", hand.View("a") == hand.Views[1], true},
		{"type string", registry.Type{Base: "float8", Array: true}.String(), "float8[]"},
	})
}
