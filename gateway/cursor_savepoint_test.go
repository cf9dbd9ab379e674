package gateway_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/testenv"
)

// Cursors with savepoints and pg_cursors, side by side with PostgreSQL 15
// as cursor_test.go does: ROLLBACK TO SAVEPOINT drops the cursors declared
// after the savepoint (also inside savepoints released since), keeps the
// older ones where their FETCHes left them; ROLLBACK drops every cursor
// without HOLD and the held ones it declared. Cursors are declared NO
// SCROLL: PostgreSQL marks others scrollable when their plan runs
// backward, pitgate's read forward only (is_scrollable false).

// listCursors leaves out the unnamed portal: PostgreSQL's pg_cursors lists
// the extended protocol's portals too (the one running this query in the
// extended mode), pitgate's the SQL cursors only.
const listCursors = "SELECT name, statement, is_holdable, is_binary, is_scrollable FROM pg_cursors WHERE name <> '' ORDER BY name"

func declare(name, hold string) string {
	return "DECLARE " + name + " NO SCROLL CURSOR " + hold + " FOR " + cursorQuery
}

var cursorSavepointScript = []string{
	listCursors, // none
	"BEGIN",
	declare("a", ""),
	"SAVEPOINT s1",
	declare("b", ""),
	"FETCH 2 FROM a",
	"SAVEPOINT s2",
	declare("c", "WITH HOLD"),
	"RELEASE SAVEPOINT s2",
	listCursors, // a, b, c
	"ROLLBACK TO SAVEPOINT s1",
	listCursors, // a
	"FETCH b",   // 34000
	"ROLLBACK TO s1",
	"FETCH c", // 34000: declared in s2, released into s1, rolled back
	"ROLLBACK TO s1",
	"FETCH a", // 3: its position is kept
	"SAVEPOINT s3",
	"SAVEPOINT s4",
	declare("g", ""),
	"ROLLBACK TO s4",
	listCursors, // a
	declare("g", ""),
	"ROLLBACK TO s3",
	"FETCH g", // 34000
	"ROLLBACK TO s3",
	"SAVEPOINT s1", // a second s1: ROLLBACK TO finds the newest
	declare("h", ""),
	"ROLLBACK TO s1",
	listCursors, // a
	"RELEASE s1",
	"ROLLBACK TO s1", // the first s1, below s3
	listCursors,      // a
	"CLOSE a",
	"ROLLBACK TO s1",
	"FETCH a", // 34000: CLOSE is not undone
	"ROLLBACK",
	"BEGIN",
	declare("d", "WITH HOLD"),
	"COMMIT",
	listCursors, // d
	"BEGIN",
	declare("e", "WITH HOLD"),
	declare("f", ""),
	"SAVEPOINT s",
	"ROLLBACK TO s",
	listCursors, // d, e, f
	"ROLLBACK",
	listCursors, // d
	"FETCH 1 FROM d",
	"CLOSE d",
	listCursors, // none
}

func TestCursorSavepointsMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, mode := range []string{"simple", "extended"} {
		for i, sql := range cursorSavepointScript {
			want, got := runStep(pg, mode, sql), runStep(gw, mode, sql)
			if got != want {
				t.Errorf("%s step %d %q:\npitgate:    %s\npostgresql: %s", mode, i, sql, got, want)
			}
		}
	}
}

// TestPgCursorsCreationTime: creation_time is when DECLARE ran, per cursor,
// and each session sees its own cursors only.
func TestPgCursorsCreationTime(t *testing.T) {
	addr := serveDemo(t)
	gw := connectPG(t, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	other := connectPG(t, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	before := time.Now().Add(-time.Second)
	for _, sql := range []string{"BEGIN", declare("t1", ""), declare("t2", "WITH HOLD")} {
		if got := runStep(gw, "simple", sql); strings.HasPrefix(got, "ERROR") {
			t.Fatalf("%s: %s", sql, got)
		}
	}
	after := time.Now().Add(time.Second)
	rows := runStep(gw, "simple", "SELECT name, CAST(creation_time AS text) FROM pg_cursors ORDER BY name")
	fields := strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(rows))
	if len(fields) < 6 || fields[0] != "t1" || fields[3] != "t2" {
		t.Fatalf("pg_cursors = %s, want t1 and t2", rows)
	}
	for _, f := range [][]string{fields[1:3], fields[4:6]} {
		at, err := time.Parse("2006-01-02 15:04:05.999999-07", f[0]+" "+f[1])
		if err != nil {
			t.Fatalf("creation_time %q: %v", f, err)
		}
		if at.Before(before) || at.After(after) {
			t.Errorf("creation_time %s not within the DECLAREs (%s .. %s)", at, before, after)
		}
	}
	if got := runStep(other, "simple", "SELECT count(*) FROM pg_cursors"); got != "[0] SELECT 1 I" {
		t.Errorf("another session's pg_cursors: %s, want no rows", got)
	}
}
