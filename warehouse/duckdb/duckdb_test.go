package duckdb

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Every pooled connection, not only the first, must carry the settings.
func TestSessionSettingsOnEveryConnection(t *testing.T) {
	db := openMemory(t)
	ctx := context.Background()
	const conns = 3
	for i := range conns {
		c, err := db.SQLDB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var tz, nullOrder string
		var div any
		err = c.QueryRowContext(ctx,
			"SELECT current_setting('TimeZone'), current_setting('default_null_order'), 7 / 2").
			Scan(&tz, &nullOrder, &div)
		if err != nil {
			t.Fatal(err)
		}
		if tz != "UTC" || nullOrder != "NULLS_LAST_ON_ASC_FIRST_ON_DESC" || div != int32(3) {
			t.Errorf("connection %d: TimeZone=%s default_null_order=%s 7/2=%#v", i, tz, nullOrder, div)
		}
	}
}

func TestNullOrderingLikePostgres(t *testing.T) {
	db := openMemory(t)
	cases := []struct {
		order string
		want  []any
	}{
		{"ASC", []any{int32(1), int32(2), nil}},
		{"DESC", []any{nil, int32(2), int32(1)}},
	}
	for _, c := range cases {
		_, rows := queryAll(t, db, "SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x "+c.order)
		for i, w := range c.want {
			if rows[i][0] != w {
				t.Errorf("ORDER BY x %s: row %d = %#v, want %#v", c.order, i, rows[i][0], w)
			}
		}
	}
}

func TestTimestamptzRendersInUTC(t *testing.T) {
	db := openMemory(t)
	_, rows := queryAll(t, db, "SELECT TIMESTAMPTZ '2024-06-01 12:00:00+02'::VARCHAR")
	if got := rows[0][0]; got != "2024-06-01 10:00:00+00" {
		t.Errorf("got %v, want 2024-06-01 10:00:00+00", got)
	}
}

func TestCancelInterruptsQuery(t *testing.T) {
	db := openMemory(t)
	// About 10^12 joined rows: it runs until interrupted.
	const slow = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"
	cases := []struct {
		name    string
		run     func(ctx context.Context) error
		timeout bool
	}{
		{"query cancelled", func(ctx context.Context) error { _, err := db.Query(ctx, slow); return err }, false},
		{"exec cancelled", func(ctx context.Context) error { return db.Exec(ctx, "CREATE TABLE s AS "+slow) }, false},
		{"query deadline", func(ctx context.Context) error { _, err := db.Query(ctx, slow); return err }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			if c.timeout {
				ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
			} else {
				time.AfterFunc(200*time.Millisecond, cancel)
			}
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- c.run(ctx) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("the cancelled statement did not return")
			}
			if sqlerr.Code(err) != sqlerr.QueryCanceled {
				t.Fatalf("got %v, want 57014", err)
			}
			want := "canceling statement due to user request"
			if c.timeout {
				want = "canceling statement due to statement timeout"
			}
			if err.Error() != want {
				t.Errorf("message %q, want %q", err.Error(), want)
			}
		})
	}
	// The pool is still usable after interrupts.
	if _, rows := queryAll(t, db, "SELECT 1"); rows[0][0] != int32(1) {
		t.Errorf("after cancel, SELECT 1 = %v", rows[0][0])
	}
}

func TestFileDatabaseKeepsDataAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "warehouse.duckdb")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "CREATE TABLE kept AS SELECT range AS id FROM range(1000)")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, rows := queryAll(t, db, "SELECT count(*), sum(id) FROM kept")
	if rows[0][0] != int64(1000) || rows[0][1] != "499500" {
		t.Errorf("after reopen: count=%#v sum=%#v, want 1000 and 499500", rows[0][0], rows[0][1])
	}
}

func TestInMemoryDatabasesAreSeparate(t *testing.T) {
	a, b := openMemory(t), openMemory(t)
	mustExec(t, a, "CREATE TABLE only_in_a (x INTEGER)")
	if _, err := b.Table(context.Background(), []string{"only_in_a"}); sqlerr.Code(err) != sqlerr.UndefinedTable {
		t.Errorf("second in-memory database sees the first's table: %v", err)
	}
}

func TestOpenUnwritablePath(t *testing.T) {
	dir := t.TempDir()
	// A directory where the database file should be.
	if _, err := Open(dir); sqlerr.Code(err) != sqlerr.ConnectionFailure {
		t.Errorf("Open(directory) = %v, want 08006", err)
	}
}
