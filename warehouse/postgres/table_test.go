package postgres_test

import (
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

func TestTable(t *testing.T) {
	db, dsn := open(t)
	u, _ := url.Parse(dsn)
	schema, dbname := u.Query().Get("search_path"), u.Path[1:]
	exec(t, db, `CREATE TABLE "Mixed Case" (id int8, amount numeric(12,2), tags text[], at timestamptz, v varchar(5))`)
	exec(t, db, `CREATE VIEW v AS SELECT id, amount FROM "Mixed Case"`)
	want := []warehouse.Column{
		{Name: "id", Type: "int8"}, {Name: "amount", Type: "numeric", Precision: 12, Scale: 2},
		{Name: "tags", Type: "text[]"}, {Name: "at", Type: "timestamptz"}, {Name: "v", Type: "text"},
	}
	for _, name := range [][]string{{"Mixed Case"}, {schema, "Mixed Case"}, {dbname, schema, "Mixed Case"}} {
		got, err := db.Table(ctx(t), name)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Table(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	if got, err := db.Table(ctx(t), []string{"v"}); err != nil || len(got) != 2 {
		t.Errorf("view: %v, %v", got, err)
	}
	cases := []struct {
		name []string
		code string
	}{
		{[]string{"mixed case"}, sqlerr.UndefinedTable},
		{[]string{"no_such_schema", "t"}, sqlerr.UndefinedTable},
		{[]string{"pg_catalog", "nope"}, sqlerr.UndefinedTable},
		{[]string{}, sqlerr.InvalidName},
		{[]string{"a", "b", "c", "d"}, sqlerr.InvalidName},
		{[]string{schema, ""}, sqlerr.InvalidName},
	}
	for _, c := range cases {
		_, err := db.Table(ctx(t), c.name)
		var se *sqlerr.Error
		if !errors.As(err, &se) || se.Code != c.code || se.Position != 0 {
			t.Errorf("Table(%q): got %v (%T), want %s without a position", c.name, err, err, c.code)
		}
	}
}
