package bqemu

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// TestConnectorLoad checks Load's replacement and failure rules on the
// emulator: a second load of the same schema replaces the rows, one of
// another schema replaces the table, a missing dataset is created, and a
// source error or a refused value loads nothing and leaves the previous
// table as it was.
func TestConnectorLoad(t *testing.T) {
	db, _ := startConnector(t, bq.Config{})
	ctx := context.Background()
	cols := []warehouse.Column{{Name: "k", Type: "int8"}, {Name: "v", Type: "text"}}
	load := func(table []string, cols []warehouse.Column, rows ...[]any) error {
		n, err := db.Load(ctx, table, cols, sliceSource(rows))
		if err == nil && n != int64(len(rows)) {
			t.Fatalf("Load %v: %d rows, want %d", table, n, len(rows))
		}
		return err
	}
	count := func(sql string) string {
		r, err := db.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		_, rows := readAll(t, r)
		var out []string
		for _, row := range rows {
			var parts []string
			for _, v := range row {
				parts = append(parts, fmt.Sprint(v))
			}
			out = append(out, strings.Join(parts, ","))
		}
		return strings.Join(out, ";")
	}
	if err := load([]string{"t"}, cols, []any{int64(1), "a"}, []any{int64(2), "b"}); err != nil {
		t.Fatal(err)
	}
	if err := load([]string{"t"}, cols, []any{int64(3), "c"}); err != nil {
		t.Fatal(err)
	}
	if got := count("SELECT k, v FROM conn.t ORDER BY k"); got != "3,c" {
		t.Errorf("after reloading the same schema: %q, want 3,c", got)
	}
	other := []warehouse.Column{{Name: "x", Type: "float8"}}
	if err := load([]string{"t"}, other, []any{0.5}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Table(ctx, []string{"t"}); len(got) != 1 || got[0].Name != "x" || got[0].Type != "float8" {
		t.Errorf("after loading another schema: %+v", got)
	}
	if err := load([]string{"fresh_ds", "t"}, cols, []any{int64(7), "z"}); err != nil {
		t.Fatal(err)
	}
	if got := count("SELECT k, v FROM fresh_ds.t"); got != "7,z" {
		t.Errorf("table in a created dataset: %q", got)
	}

	failures := []struct {
		name string
		rows [][]any
		src  warehouse.RowSource
		code string
	}{
		{name: "wrong Go type", rows: [][]any{{int64(8), "ok"}, {"nine", "x"}}, code: sqlerr.DatatypeMismatch},
		{name: "NULL array element", code: "22004"},
		{name: "source error", src: func(row []any) (bool, error) {
			return false, &sqlerr.Error{Code: sqlerr.DataException, Message: "the source broke"}
		}, code: sqlerr.DataException},
	}
	for _, f := range failures {
		src, c := f.src, cols
		switch {
		case f.name == "NULL array element":
			c = []warehouse.Column{{Name: "k", Type: "int8"}, {Name: "v", Type: "text[]"}}
			src = sliceSource([][]any{{int64(1), []any{"a", nil}}})
		case src == nil:
			src = sliceSource(f.rows)
		}
		_, err := db.Load(ctx, []string{"fresh_ds", "t"}, c, src)
		var se *sqlerr.Error
		if !errors.As(err, &se) || se.Code != f.code {
			t.Errorf("%s: %v (%s), want %s", f.name, err, sqlerr.Code(err), f.code)
		}
		if f.name == "wrong Go type" && !strings.Contains(se.Detail, `column "k" of row 2`) {
			t.Errorf("%s: detail %q does not name the column and row", f.name, se.Detail)
		}
		if got := count("SELECT k, v FROM fresh_ds.t"); got != "7,z" {
			t.Errorf("%s: the table holds %q after the failed load, want the previous 7,z", f.name, got)
		}
	}
}
