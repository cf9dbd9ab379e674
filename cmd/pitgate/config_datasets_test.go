package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadConfigText loads a configuration file of text (after a listen: line).
func loadConfigText(t *testing.T, text string) (*Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pitgate.yaml")
	if err := os.WriteFile(path, []byte("listen: 127.0.0.1:5433\n"+text+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadConfig(path)
}

// TestDatasetsConfig: datasets.schema is checked at load: reserved and
// malformed names stop the start with a message naming the key.
func TestDatasetsConfig(t *testing.T) {
	cases := []struct{ yaml, err, path string }{
		{"", "", ""},
		{"datasets: {schema: pitgate_datasets}", "", "pitgate_datasets"},
		{"datasets: {schema: analytics.pitgate_datasets}", "", "analytics,pitgate_datasets"},
		{"datasets: {schema: features}", "schema pitgate answers itself", ""},
		{"datasets: {schema: a.b.c}", "at most two parts", ""},
		{`datasets: {schema: "x; DROP"}`, "not a plain identifier", ""},
		{"datasets: {table: x}", "unknown field", ""},
	}
	for _, c := range cases {
		cfg, err := loadConfigText(t, c.yaml)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, want an error with %q", c.yaml, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.yaml, err)
		case c.err == "" && strings.Join(cfg.Datasets.SchemaPath(), ",") != c.path:
			t.Errorf("%q: schema path %v, want %s", c.yaml, cfg.Datasets.SchemaPath(), c.path)
		}
	}
}
