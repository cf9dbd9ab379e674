package warehousetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// TextLoad checks a connector's warehouse.TextLoader: values in
// PostgreSQL's text form land as the literals of that text would
// (timestamps with an offset, numerics rounded to the column's scale,
// booleans, bytea hex, escapes, NULL versus the empty string), and a bad
// value mid-stream fails with a 22xxx warehouse.LoadError naming its row
// and column and leaves the table as it was.
func TextLoad(t *testing.T, db SessionWarehouse) {
	t.Helper()
	c := context.Background()
	s, err := db.Session(c)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tl, ok := s.(warehouse.TextLoader)
	if !ok {
		t.Fatalf("%T is no warehouse.TextLoader", s)
	}
	cols := []warehouse.Column{{Name: "id", Type: "int8"}, {Name: "ts", Type: "timestamptz"},
		{Name: "amount", Type: "numeric(10,2)"}, {Name: "ok", Type: "bool"}, {Name: "note", Type: "text"}, {Name: "raw", Type: "bytea"}}
	names := []string{"id", "ts", "amount", "ok", "note", "raw"}
	if err := s.CreateTemp(c, "load rows", cols); err != nil {
		t.Fatal(err)
	}
	good := [][]*string{
		{str("1"), str("2024-03-01 12:00:00+02"), str("12.345"), str("t"), str("a\tb\\c\nd"), str(`\x00ff`)},
		{str("2"), nil, nil, nil, str(""), nil},
	}
	n, err := tl.LoadText(c, "load rows", names, rowsOf(good))
	if err != nil || n != 2 {
		t.Fatalf("LoadText: %d, %v", n, err)
	}
	path := quoted(s.TempPath("load rows"))
	checks := []string{
		"id = 1 AND ts = TIMESTAMPTZ '2024-03-01 10:00:00+00' AND amount = 12.35 AND ok AND note = 'a' || chr(9) || 'b\\c' || chr(10) || 'd' AND octet_length(raw) = 2",
		"id = 2 AND ts IS NULL AND amount IS NULL AND ok IS NULL AND note = '' AND raw IS NULL",
	}
	for _, where := range checks {
		if got := countOf(t, s, "SELECT count(*) FROM "+path+" WHERE "+where); got != 1 {
			t.Errorf("%d rows with %s, want 1", got, where)
		}
	}
	for _, bad := range []struct {
		col   int
		value string
	}{{1, "not a time"}, {2, "1e20"}, {0, "12x"}} {
		rows := make([][]*string, 1000)
		for i := range rows {
			rows[i] = []*string{str(fmt.Sprint(100 + i)), str("2024-01-01 00:00:00+00"), str("1.5"), str("false"), str("x"), nil}
		}
		rows[699][bad.col] = str(bad.value)
		_, err := tl.LoadText(c, "load rows", names, rowsOf(rows))
		var le *warehouse.LoadError
		if !errors.As(err, &le) || le.Row != 700 || le.Column != names[bad.col] || !strings.HasPrefix(sqlerr.Code(err), "22") {
			t.Errorf("a bad %s at row 700: %#v (%v), want a 22xxx LoadError of row 700", names[bad.col], le, err)
		}
		if got := countOf(t, s, "SELECT count(*) FROM "+path); got != 2 {
			t.Errorf("a failed LoadText left %d rows, want the 2 loaded before", got)
		}
	}
}

func str(s string) *string { return &s }

func rowsOf(rows [][]*string) warehouse.TextSource {
	next := 0
	return func(row []*string) (bool, error) {
		if next == len(rows) {
			return false, nil
		}
		copy(row, rows[next])
		next++
		return true, nil
	}
}

func countOf(t *testing.T, s warehouse.Session, sql string) int64 {
	t.Helper()
	rows, err := s.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	return rows.Values()[0].(int64)
}
