package warehousetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// SessionWarehouse is a warehouse with sessions.
type SessionWarehouse interface {
	warehouse.Warehouse
	warehouse.Sessioner
}

// SessionTempTables checks a connector's sessions: a session's temporary
// table takes rows by Insert and by Load, is read on the session and by
// nobody else, and is gone once the session is closed.
func SessionTempTables(t *testing.T, db SessionWarehouse) {
	t.Helper()
	c := context.Background()
	s, err := db.Session(c)
	if err != nil {
		t.Fatal(err)
	}
	cols := []warehouse.Column{{Name: "id", Type: "int8"}, {Name: "ts", Type: "timestamptz"}}
	if err := s.CreateTemp(c, "entity rows", cols); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTemp(c, "entity rows", cols); sqlerr.Code(err) != "42P07" {
		t.Errorf("second CreateTemp: %v, want 42P07", err)
	}
	if n, err := s.Insert(c, "entity rows", []string{"id"}, "SELECT 1 UNION ALL SELECT 2"); err != nil || n != 2 {
		t.Fatalf("Insert: %d, %v", n, err)
	}
	left := 3
	n, err := s.Load(c, "entity rows", cols, func(row []any) (bool, error) {
		if left == 0 {
			return false, nil
		}
		row[0], row[1] = int64(10+left), time.Date(2024, 1, 1, 0, 0, left, 0, time.UTC)
		left--
		return true, nil
	})
	if err != nil || n != 3 {
		t.Fatalf("Load: %d, %v", n, err)
	}
	if n, err := s.CreateTempAs(c, "copy", "SELECT * FROM "+quoted(s.TempPath("entity rows"))); err != nil || n != 5 {
		t.Fatalf("CreateTempAs: %d, %v", n, err)
	}
	if got := count(t, s, s.TempPath("entity rows")); got != 5 {
		t.Errorf("the session reads %d rows, want 5", got)
	}
	if _, err := db.Table(c, s.TempPath("entity rows")); sqlerr.Code(err) != sqlerr.UndefinedTable {
		t.Errorf("the pool sees the session's temporary table: %v", err)
	}
	if err := s.Truncate(c, "copy"); err != nil || count(t, s, s.TempPath("copy")) != 0 {
		t.Errorf("Truncate: %v", err)
	}
	if err := s.Drop(c, "copy"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := db.Session(c)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Table(c, s2.TempPath("entity rows")); sqlerr.Code(err) != sqlerr.UndefinedTable {
		t.Errorf("a closed session's temporary table is still there: %v", err)
	}
}

func count(t *testing.T, s warehouse.Session, path []string) int64 {
	t.Helper()
	rows, err := s.Query(context.Background(), "SELECT count(*) FROM "+quoted(path))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	return rows.Values()[0].(int64)
}

func quoted(path []string) string {
	out := make([]string, len(path))
	for i, p := range path {
		out[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(out, ".")
}
