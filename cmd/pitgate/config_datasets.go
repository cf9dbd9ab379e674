package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/postgres"
)

// DatasetsConfig is datasets: — where CREATE TABLE datasets.<name> AS ...
// writes in the warehouse. Schema is a schema of the warehouse (DuckDB,
// PostgreSQL, Snowflake; "db.schema" on Snowflake) or a dataset
// (BigQuery; "project.dataset"), created if missing; pitgate's warehouse
// user must be allowed to create tables there. Absent: saved datasets
// are refused with 0A000. The records go to state: (DESIGN §4).
type DatasetsConfig struct {
	Schema string `yaml:"schema"`
}

// Reserved: these names mean pitgate's own schemas, never a warehouse's.
var reservedSchemas = map[string]bool{"features": true, "online": true, "pg_catalog": true,
	"information_schema": true, "pg_temp": true, "temp": true}

var schemaPart = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$-]*$`)

func (d DatasetsConfig) validate() error {
	if d.Schema == "" {
		return nil
	}
	parts := d.SchemaPath()
	if len(parts) > 2 {
		return fmt.Errorf("datasets.schema %q: at most two parts (database.schema or project.dataset)", d.Schema)
	}
	for _, p := range parts {
		if !schemaPart.MatchString(p) {
			return fmt.Errorf("datasets.schema %q: %q is not a plain identifier (letters, digits, _ $ -)", d.Schema, p)
		}
	}
	if last := strings.ToLower(parts[len(parts)-1]); reservedSchemas[last] {
		return fmt.Errorf("datasets.schema %q: %s is a schema pitgate answers itself; choose another (e.g. pitgate_datasets)", d.Schema, last)
	}
	return nil
}

// SchemaPath is Schema's parts; nil when saved datasets are off.
func (d DatasetsConfig) SchemaPath() []string {
	if d.Schema == "" {
		return nil
	}
	return strings.Split(d.Schema, ".")
}

// openDatasets opens the saved datasets' records beside state: the file
// STATE/datasets.json (embedded) or the row "datasets" of pitgate_state
// (postgres). nil without datasets.schema.
func openDatasets(ctx context.Context, d DatasetsConfig, c StateConfig) (*online.Datasets, func(), error) {
	if d.Schema == "" {
		return nil, func() {}, nil
	}
	if c.Type == "postgres" {
		ds, b, err := postgres.OpenDatasets(ctx, postgres.StateOptions{DSN: c.DSN})
		if err != nil {
			return nil, nil, err
		}
		return ds, b.Close, nil
	}
	ds, err := online.OpenDatasets(filepath.Join(c.Path, online.DatasetsFile))
	return ds, func() {}, err
}
