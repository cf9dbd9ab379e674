package main

import (
	"strings"
	"testing"
)

// TestWritableSchemasConfig: warehouse.writable_schemas is none by
// default; pitgate's own schemas, the saved datasets' schema, malformed
// names and unknown keys stop the start with a message naming the key.
func TestWritableSchemasConfig(t *testing.T) {
	cases := []struct{ yaml, err, list string }{
		{"", "", ""},
		{"warehouse: {writable_schemas: [analytics, scratch]}", "", "analytics,scratch"},
		{`warehouse: {writable_schemas: ["*"]}`, "", "*"},
		{"warehouse: {writable_schemas: [analytics_db.scratch]}", "", "analytics_db.scratch"},
		{"warehouse: {writable_schemas: [online]}", "schema pitgate answers itself", ""},
		{"warehouse: {writable_schemas: [datasets]}", "schema pitgate answers itself", ""},
		{"warehouse: {writable_schemas: [a.b.c]}", "more than two parts", ""},
		{`warehouse: {writable_schemas: ["x; DROP"]}`, "not a plain identifier", ""},
		{"warehouse: {writable_schemas: [pitgate_datasets]}\ndatasets: {schema: pitgate_datasets}", "datasets.schema", ""},
		{"warehouse: {writable_schema: [analytics]}", "unknown field", ""},
	}
	for _, c := range cases {
		cfg, err := loadConfigText(t, c.yaml) // config_datasets_test.go
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, want an error with %q", c.yaml, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.yaml, err)
		case c.err == "" && strings.Join(cfg.Warehouse.WritableSchemas, ",") != c.list:
			t.Errorf("%q: writable schemas %v, want %s", c.yaml, cfg.Warehouse.WritableSchemas, c.list)
		}
	}
}
