package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigPITStrategy: warehouse.pit_strategy is checked against the
// warehouse's dialect when the file is loaded, not when a query runs.
func TestConfigPITStrategy(t *testing.T) {
	cases := []struct {
		warehouse, strategy string
		wantErr             string
	}{
		{"duckdb", "", ""},
		{"duckdb", "window", ""},
		{"postgres", "lateral", ""},
		{"postgres", "native", `no PIT strategy "native"`},
		{"duckdb", "lateral", "duckdb strategies: native, window"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		yml := "warehouse:\n  type: " + c.warehouse + "\n"
		if c.strategy != "" {
			yml += "  pit_strategy: " + c.strategy + "\n"
		}
		path := filepath.Join(dir, "pitgate.yaml")
		if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(path)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s/%s: %v", c.warehouse, c.strategy, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s/%s: error %v, want one containing %q", c.warehouse, c.strategy, err, c.wantErr)
		case err == nil && cfg.Warehouse.PITStrategy != c.strategy:
			t.Errorf("%s/%s: loaded %q", c.warehouse, c.strategy, cfg.Warehouse.PITStrategy)
		}
	}
}
