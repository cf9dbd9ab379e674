package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigBigQuery loads every bigquery key and the refusals.
func TestConfigBigQuery(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pitgate.yaml")
	write := func(yml string) {
		if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("warehouse:\n  type: bigquery\n  project: p1\n  dataset: src\n  location: EU\n  credentials_file: keys/sa.json\n" +
		"  labels: {app: pitgate, team: ml}\n  maximum_bytes_billed: 10000000000\n")
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Warehouse
	if w.Project != "p1" || w.Dataset != "src" || w.Location != "EU" || w.CredentialsFile != filepath.Join(dir, "keys", "sa.json") ||
		w.Labels["team"] != "ml" || len(w.Labels) != 2 || w.MaximumBytesBilled != 10_000_000_000 {
		t.Fatalf("loaded %+v", w)
	}
	for yml, msg := range map[string]string{
		"warehouse:\n  type: bigquery\n":                                           "warehouse.project is required for bigquery",
		"warehouse:\n  type: bigquery\n  project: p\n  maximum_bytes_billed: -1\n": "maximum_bytes_billed must not be negative",
		"warehouse:\n  type: bigquery\n  project: p\n  max_bytes: 1\n":             "max_bytes",
	} {
		write(yml)
		if _, err := loadConfig(path); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: %v, want %q", yml, err, msg)
		}
	}
}
