package main

import (
	"fmt"
	"strings"
)

// warehouse.writable_schemas: the warehouse schemas sessions may write
// with CREATE TABLE, CREATE TABLE AS, INSERT, UPDATE, DELETE, TRUNCATE and
// DROP TABLE (planner/write.go). Absent or empty, the default: none, and
// every such write is 42501. Each entry is a schema as statements qualify
// tables, "schema" or "database.schema" (BigQuery "project.dataset"), in
// the case the warehouse stores it (an unquoted name in SQL is lower
// case); "*" makes every schema writable except pitgate's own and the
// saved datasets' schema, whose tables are written with their records.

// validateWritable checks warehouse.writable_schemas against datasets.schema.
func (c *Config) validateWritable() error {
	ds := strings.ToLower(c.Datasets.Schema)
	for _, s := range c.Warehouse.WritableSchemas {
		if s == "*" {
			continue
		}
		parts := strings.Split(s, ".")
		if len(parts) > 2 {
			return fmt.Errorf("warehouse.writable_schemas: %q has more than two parts (schema or database.schema)", s)
		}
		for _, p := range parts {
			if !schemaPart.MatchString(p) {
				return fmt.Errorf("warehouse.writable_schemas: %q: %q is not a plain identifier (letters, digits, _ $ -)", s, p)
			}
		}
		last := strings.ToLower(parts[len(parts)-1])
		if reservedSchemas[last] || last == "datasets" {
			return fmt.Errorf("warehouse.writable_schemas: %s is a schema pitgate answers itself", last)
		}
		if ds != "" && (strings.ToLower(s) == ds || last == strings.ToLower(c.Datasets.SchemaPath()[len(c.Datasets.SchemaPath())-1])) {
			return fmt.Errorf("warehouse.writable_schemas: %q is datasets.schema, whose tables pitgate writes only as saved datasets", s)
		}
	}
	return nil
}
