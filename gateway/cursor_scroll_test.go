package gateway_test

import (
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
)

// Scrollable, binary and forward-only cursors side by side with
// PostgreSQL 15 (the runStep comparison of cursor_test.go): SCROLL cursors
// move anywhere, a cursor declared with neither SCROLL nor NO SCROLL is
// scrollable exactly when PostgreSQL's plan can run backward, a forward-
// only one refuses to move back with 55000, and a BINARY cursor's rows
// come in binary in a Query message (the same bytes as PostgreSQL's).

const scrollValues = "(VALUES (1), (2), (3), (4), (5)) AS t(x)"

var scrollScript = []string{
	"BEGIN",
	"DECLARE s SCROLL CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x",
	"FETCH 2 FROM s",
	"FETCH PRIOR FROM s",
	"FETCH PRIOR FROM s",
	"FETCH PRIOR FROM s", // before the first row
	"FETCH NEXT FROM s",
	"FETCH LAST FROM s",
	"FETCH 0 FROM s",
	"FETCH NEXT FROM s", // past the end
	"FETCH BACKWARD 2 FROM s",
	"FETCH ABSOLUTE -2 FROM s",
	"FETCH ABSOLUTE -9 FROM s",
	"FETCH RELATIVE 3 FROM s",
	"FETCH RELATIVE -1 FROM s",
	"FETCH RELATIVE -9 FROM s",
	"FETCH RELATIVE 9 FROM s",
	"FETCH FIRST FROM s",
	"FETCH -1 FROM s",
	"MOVE LAST IN s",
	"MOVE BACKWARD ALL IN s",
	"FETCH ALL FROM s",
	"FETCH BACKWARD ALL FROM s",
	"MOVE ABSOLUTE 3 IN s",
	"MOVE RELATIVE 0 IN s",
	"FETCH BACKWARD -2 FROM s",
	"FETCH ABSOLUTE 0 FROM s",
	"FETCH 0 FROM s",
	"COMMIT",
	// A default cursor over a sort, a scan of VALUES or UNION ALL scrolls.
	"BEGIN",
	"DECLARE d CURSOR FOR SELECT x FROM " + scrollValues + " WHERE x > 1",
	"FETCH 3 FROM d",
	"FETCH PRIOR FROM d",
	"FETCH ABSOLUTE 1 FROM d",
	"DECLARE u CURSOR FOR SELECT x FROM " + scrollValues + " UNION ALL SELECT 9",
	"FETCH LAST FROM u",
	"FETCH BACKWARD 2 FROM u",
	"COMMIT",
	// One over an aggregate, a join or DISTINCT does not.
	"BEGIN",
	"DECLARE g CURSOR FOR SELECT count(*) FROM " + scrollValues,
	"FETCH 1 FROM g",
	"FETCH 0 FROM g", // 55000: PostgreSQL steps back to fetch the row again
	"ROLLBACK",
	"BEGIN",
	"DECLARE g CURSOR FOR SELECT count(*) FROM " + scrollValues,
	"FETCH 0 FROM g", // before the first row: nothing
	"FETCH BACKWARD -1 FROM g",
	"FETCH 0 FROM g", // on a row: 55000
	"ROLLBACK",
	"BEGIN",
	"DECLARE j CURSOR FOR SELECT a.x FROM " + scrollValues + " JOIN (VALUES (1), (2)) AS b(x) ON a.x = b.x",
	"ROLLBACK",
	"BEGIN",
	"DECLARE j CURSOR FOR SELECT t.x FROM " + scrollValues + " JOIN (VALUES (1), (2)) AS b(x) ON t.x = b.x",
	"FETCH 1 FROM j",
	"FETCH ABSOLUTE 1 FROM j", // 55000: a rewind
	"ROLLBACK",
	"BEGIN",
	"DECLARE n NO SCROLL CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x",
	"FETCH 2 FROM n",
	"FETCH RELATIVE -1 FROM n", // 55000
	"ROLLBACK",
	"BEGIN",
	"DECLARE n NO SCROLL CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x",
	"FETCH ABSOLUTE 0 FROM n", // at the start: nothing to rewind
	"FETCH ABSOLUTE 3 FROM n",
	"FETCH ABSOLUTE 5 FROM n",
	"FETCH ABSOLUTE 9 FROM n", // past the end
	"FETCH ABSOLUTE 9 FROM n",
	"FETCH ABSOLUTE 4 FROM n", // 55000
	"ROLLBACK",
	"BEGIN",
	"DECLARE n NO SCROLL CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x",
	"FETCH 4 FROM n",
	"FETCH ABSOLUTE 2 FROM n", // 55000: a rewind
	"ROLLBACK",
	"BEGIN",
	"DECLARE n NO SCROLL CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x",
	"FETCH ABSOLUTE -1 FROM n", // 55000
	"ROLLBACK",
	// BINARY: int4, text and numeric rows in binary in a Query message.
	"BEGIN",
	"DECLARE b BINARY CURSOR FOR SELECT x, 'v' || x AS v, x * 1.5 AS n, x * 1.25 AS m FROM " + scrollValues + " ORDER BY x",
	"FETCH 2 FROM b",
	"FETCH PRIOR FROM b",
	"CLOSE b",
	"DECLARE b2 BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT x FROM " + scrollValues,
	"COMMIT",
	"FETCH 2 FROM b2",
	"CLOSE b2",
}

func TestScrollCursorsMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, mode := range []string{"simple", "extended"} {
		for i, sql := range scrollScript {
			want, got := runStep(pg, mode, sql), runStep(gw, mode, sql)
			if got != want {
				t.Errorf("%s step %d %q:\npitgate:    %s\npostgresql: %s", mode, i, sql, got, want)
			}
		}
	}
}
