// Package testenv builds what pitgate's tests share: a DuckDB warehouse
// filled by the demo data generator, the demo feature repository with
// optional extra files, fresh PostgreSQL schemas, and a PostgreSQL database
// holding the relations pitgate's catalog describes (EquivalentPostgres).
// It is imported by tests and benchmarks only.
package testenv

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// Root is the repository's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// SmallDemo is the demo data at a size tests can afford.
func SmallDemo() datagen.Config {
	cfg := datagen.DefaultConfig()
	cfg.Drivers, cfg.Customers, cfg.Orders, cfg.HoursOfHistory = 20, 60, 1500, 24*5
	return cfg
}

// Warehouse opens an in-memory DuckDB holding the demo data of cfg.
func Warehouse(t testing.TB, cfg datagen.Config) *duckdb.DB {
	t.Helper()
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := datagen.Write(context.Background(), db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

// Repo is the demo feature repository plus the YAML files under extraDirs.
func Repo(t testing.TB, extraDirs ...string) *registry.Repo {
	t.Helper()
	files, err := pitgate.DemoRepo()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range extraDirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Join(dir, e.Name())] = data
		}
	}
	repo, err := registry.Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}
