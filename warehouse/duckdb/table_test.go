package duckdb

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

func TestTable(t *testing.T) {
	db := openMemory(t)
	mustExec(t, db, `CREATE TABLE orders (order_id BIGINT, ts TIMESTAMPTZ, amount DECIMAL(12,2));
		CREATE SCHEMA feats;
		CREATE TABLE feats."Driver Stats" (driver_id INTEGER, conv_rate DOUBLE, tags VARCHAR[]);
		CREATE VIEW feats.v AS SELECT driver_id, conv_rate * 2 AS doubled FROM feats."Driver Stats"`)
	orders := []warehouse.Column{
		{Name: "order_id", Type: "int8"}, {Name: "ts", Type: "timestamptz"},
		{Name: "amount", Type: "numeric", Precision: 12, Scale: 2},
	}
	stats := []warehouse.Column{
		{Name: "driver_id", Type: "int4"}, {Name: "conv_rate", Type: "float8"}, {Name: "tags", Type: "text[]"},
	}
	cases := []struct {
		name []string
		want []warehouse.Column
		code string
	}{
		{name: []string{"orders"}, want: orders},
		{name: []string{"main", "orders"}, want: orders},
		{name: []string{"memory", "main", "orders"}, want: orders},
		{name: []string{"feats", "Driver Stats"}, want: stats},
		{name: []string{"feats", "v"}, want: []warehouse.Column{{Name: "driver_id", Type: "int4"}, {Name: "doubled", Type: "float8"}}},
		{name: []string{"nope"}, code: sqlerr.UndefinedTable},
		{name: []string{"feats", "orders"}, code: sqlerr.UndefinedTable},
		{name: []string{"nope", "orders"}, code: sqlerr.UndefinedTable},
		{name: []string{"nope", "main", "orders"}, code: sqlerr.UndefinedTable},
		{name: nil, code: sqlerr.InvalidName},
		{name: []string{"a", "b", "c", "d"}, code: sqlerr.InvalidName},
		{name: []string{"main", ""}, code: sqlerr.InvalidName},
	}
	for _, c := range cases {
		got, err := db.Table(context.Background(), c.name)
		if c.code != "" {
			if sqlerr.Code(err) != c.code {
				t.Errorf("Table(%q): %v, want code %s", c.name, err, c.code)
			}
			if c.code == sqlerr.UndefinedTable && !strings.Contains(err.Error(), strings.Join(c.name, ".")) {
				t.Errorf("Table(%q): message %q does not name the table", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Table(%q): %v", c.name, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Table(%q) = %+v, want %+v", c.name, got, c.want)
		}
	}
}
