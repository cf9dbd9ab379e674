package gateway_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pitgate/pitgate/internal/testenv"
)

// pg_cursors side by side with PostgreSQL 15: DECLAREd cursors with their
// holdability, BINARY and scrollability (PostgreSQL's default rule), the
// named portals a client bound in the extended protocol, and the unnamed
// portal of the query reading pg_cursors itself (listed in the extended
// protocol, not in a Query message); Close and the end of the transaction
// remove them.

const cursorsQuery = "SELECT name, statement, is_holdable, is_binary, is_scrollable FROM pg_cursors ORDER BY name"

func TestPgCursorsMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, c := range []*pgconn.PgConn{pg, gw} {
		runStep(c, "simple", "BEGIN")
		for _, d := range []string{
			"DECLARE a CURSOR FOR SELECT 1",
			"DECLARE b BINARY CURSOR FOR SELECT x FROM " + scrollValues,
			"DECLARE c SCROLL CURSOR FOR SELECT 1",
			"DECLARE d NO SCROLL CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x",
			"DECLARE e CURSOR WITH HOLD FOR SELECT x, count(*) FROM " + scrollValues + " GROUP BY x",
			"DECLARE f CURSOR FOR SELECT x FROM " + scrollValues + " UNION SELECT 2",
			"DECLARE g CURSOR FOR VALUES (1), (2); DECLARE h CURSOR FOR SELECT DISTINCT x FROM " + scrollValues,
			"DECLARE i CURSOR FOR SELECT row_number() OVER () FROM " + scrollValues,
			"DECLARE j CURSOR FOR SELECT x FROM " + scrollValues + " ORDER BY x LIMIT 2",
		} {
			runStep(c, "simple", d)
		}
	}
	steps := []struct {
		name string
		msgs []pgproto3.FrontendMessage
	}{
		{"simple", nil},
		{"named portals and the unnamed one", []pgproto3.FrontendMessage{
			&pgproto3.Parse{Name: "s1", Query: "SELECT 1 AS one"},
			&pgproto3.Bind{PreparedStatement: "s1", DestinationPortal: "p1"},
			&pgproto3.Bind{PreparedStatement: "s1", DestinationPortal: "p2", ResultFormatCodes: []int16{1}},
			&pgproto3.Execute{Portal: "p2"},
			&pgproto3.Parse{Query: cursorsQuery},
			&pgproto3.Bind{},
			&pgproto3.Execute{},
		}},
		{"after Close of p1", []pgproto3.FrontendMessage{
			&pgproto3.Close{ObjectType: 'P', Name: "p1"},
			&pgproto3.Parse{Query: cursorsQuery},
			&pgproto3.Bind{},
			&pgproto3.Execute{},
		}},
	}
	for _, st := range steps {
		want, got := portalStep(t, pg, st.msgs), portalStep(t, gw, st.msgs)
		if got != want {
			t.Errorf("%s:\npitgate:    %s\npostgresql: %s", st.name, got, want)
		}
	}
	for _, c := range []*pgconn.PgConn{pg, gw} {
		runStep(c, "simple", "COMMIT")
	}
	// A named portal outside a block ends with its Sync; the held cursor stays.
	outside := []pgproto3.FrontendMessage{
		&pgproto3.Parse{Name: "s2", Query: "SELECT 2"},
		&pgproto3.Bind{PreparedStatement: "s2", DestinationPortal: "p3"},
	}
	for _, msgs := range [][]pgproto3.FrontendMessage{outside, nil} {
		want, got := portalStep(t, pg, msgs), portalStep(t, gw, msgs)
		if got != want {
			t.Errorf("after COMMIT:\npitgate:    %s\npostgresql: %s", got, want)
		}
	}
	checkCreationTimes(t, gw)
}

// portalStep sends msgs and a Sync (nil: cursorsQuery in a Query message)
// and describes every row and error of the cycle.
func portalStep(t *testing.T, c *pgconn.PgConn, msgs []pgproto3.FrontendMessage) string {
	t.Helper()
	if msgs == nil {
		return runStep(c, "simple", cursorsQuery)
	}
	fe := c.Frontend()
	for _, m := range msgs {
		fe.Send(m)
	}
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	c.Conn().SetReadDeadline(time.Now().Add(20 * time.Second))
	defer c.Conn().SetReadDeadline(time.Time{})
	var parts []string
	for {
		m, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := m.(type) {
		case *pgproto3.DataRow:
			var vals []string
			for _, v := range m.Values {
				vals = append(vals, string(v))
			}
			parts = append(parts, "["+strings.Join(vals, " | ")+"]")
		case *pgproto3.CommandComplete:
			parts = append(parts, string(m.CommandTag))
		case *pgproto3.ErrorResponse:
			parts = append(parts, "ERROR "+m.Code)
		case *pgproto3.ReadyForQuery:
			return strings.Join(parts, " ") + " " + string(m.TxStatus)
		}
	}
}

// checkCreationTimes: a cursor's creation_time is when it was declared
// (or its portal bound), in the session's time zone.
func checkCreationTimes(t *testing.T, c *pgconn.PgConn) {
	before := time.Now().Add(-time.Second)
	runStep(c, "simple", "BEGIN")
	runStep(c, "simple", "DECLARE late CURSOR FOR SELECT 1")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := c.Exec(ctx, "SELECT name, creation_time FROM pg_cursors ORDER BY creation_time, name").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	runStep(c, "simple", "ROLLBACK")
	var names []string
	for _, row := range res[0].Rows {
		names = append(names, string(row[0]))
		ts, err := time.Parse("2006-01-02 15:04:05.999999-07", string(row[1]))
		if err != nil {
			t.Fatalf("creation_time %q: %v", row[1], err)
		}
		if string(row[0]) == "late" && (ts.Before(before) || ts.After(time.Now().Add(time.Second))) {
			t.Errorf("late's creation_time %v is not now (%v)", ts, before)
		}
	}
	if got := strings.Join(names, " "); got != "e late" {
		t.Errorf("cursors by creation_time: %s, want e (held from before) then late", got)
	}
}
