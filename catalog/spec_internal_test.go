package catalog

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// TestRelationsHaveSpecColumns checks that every catalog relation, table or
// view, has PostgreSQL 15's columns in PostgreSQL's order.
func TestRelationsHaveSpecColumns(t *testing.T) {
	noTables := func(context.Context, []string) ([]warehouse.Column, error) { return nil, nil }
	c, err := New(context.Background(), &registry.Repo{}, noTables)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, r := range pg15Relations {
		rows, err := c.Query(context.Background(), "SELECT * FROM "+engineName(r.schema+"."+r.name)+" LIMIT 0", Session{User: "u"})
		if err != nil {
			t.Errorf("%s.%s: %v", r.schema, r.name, err)
			continue
		}
		var got, want []string
		for _, col := range rows.Columns() {
			got = append(got, col.Name)
		}
		for _, col := range r.cols {
			name, _, _ := strings.Cut(col, " ")
			want = append(want, name)
		}
		rows.Close()
		if !slices.Equal(got, want) {
			t.Errorf("%s.%s columns\n got %v\nwant %v", r.schema, r.name, got, want)
		}
	}
}
