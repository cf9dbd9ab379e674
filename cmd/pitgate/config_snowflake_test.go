package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigSnowflake(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pitgate.yaml")
	write := func(yml string) {
		if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("warehouse:\n  type: snowflake\n  dsn: alice@acct/DB/SCHEMA?warehouse=WH\n  authenticator: jwt\n  private_key_file: keys/rsa.pem\n  query_tag: training\n")
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Warehouse
	if w.PrivateKeyFile != filepath.Join(dir, "keys", "rsa.pem") || w.Authenticator != "jwt" || w.QueryTag != "training" {
		t.Fatalf("loaded %+v", w)
	}
	write("warehouse:\n  type: snowflake\n")
	if _, err := loadConfig(path); err == nil || !strings.Contains(err.Error(), "warehouse.dsn is required for snowflake") {
		t.Fatalf("no dsn: %v", err)
	}
}
