package planner_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// What DECLARE, FETCH, MOVE and CLOSE plan to, as PostgreSQL's grammar
// reads each spelling.
func TestCursorStatements(t *testing.T) {
	p := demoPlanner(t)
	for sql, want := range map[string]string{
		`DECLARE c CURSOR FOR SELECT order_id FROM orders`:                "declare c hold=false noscroll=false cols=[order_id]",
		`DECLARE "C" NO SCROLL CURSOR WITH HOLD FOR SELECT * FROM orders`: "declare C hold=true noscroll=true cols=[order_id driver_id customer_id event_timestamp]",
		`DECLARE c CURSOR WITHOUT HOLD FOR SELECT order_id FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp`: "declare c hold=false noscroll=false cols=[order_id]",
		`DECLARE c CURSOR FOR VALUES (1)`:                                   "declare c hold=false noscroll=false cols=[column1]",
		`DECLARE c SCROLL CURSOR FOR SELECT order_id FROM orders`:           "declare c hold=false noscroll=false scroll binary=false cols=[order_id]",
		`DECLARE c BINARY NO SCROLL CURSOR FOR SELECT order_id FROM orders`: "declare c hold=false noscroll=true binary=true cols=[order_id]",
		`FETCH c`:                     "FETCH c forward 1 all=false",
		`FETCH NEXT FROM c`:           "FETCH c forward 1 all=false",
		`FETCH FORWARD 2000 FROM "c"`: "FETCH c forward 2000 all=false",
		`FETCH 0 IN c`:                "FETCH c forward 0 all=false",
		`FETCH -3 c`:                  "FETCH c forward -3 all=false",
		`FETCH ALL c`:                 "FETCH c forward 0 all=true",
		`FETCH FORWARD ALL FROM c`:    "FETCH c forward 0 all=true",
		`FETCH BACKWARD 2 FROM c`:     "FETCH c backward 2 all=false",
		`FETCH PRIOR FROM c`:          "FETCH c backward 1 all=false",
		`FETCH BACKWARD ALL FROM c`:   "FETCH c backward 0 all=true",
		`FETCH FIRST FROM c`:          "FETCH c absolute 1 all=false",
		`FETCH LAST FROM c`:           "FETCH c absolute -1 all=false",
		`FETCH ABSOLUTE 7 FROM c`:     "FETCH c absolute 7 all=false",
		`FETCH RELATIVE 2 FROM c`:     "FETCH c relative 2 all=false",
		`MOVE ALL IN c`:               "MOVE c forward 0 all=true",
		`MOVE 5 FROM c`:               "MOVE c forward 5 all=false",
		`CLOSE c`:                     "close c",
		`CLOSE ALL`:                   "close ALL",
	} {
		stmts, err := p.Plan(context.Background(), sql)
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Errorf("%s: %v %v", sql, err, stmts)
			continue
		}
		if got := describeCursor(stmts[0]); got != want {
			t.Errorf("%s:\n got %s\nwant %s", sql, got, want)
		}
	}
}

func describeCursor(st *planner.Statement) string {
	switch st.Kind {
	case planner.KindDeclare:
		var cols []string
		for _, c := range st.Query.Columns {
			cols = append(cols, c.Name)
		}
		c := st.Cursor
		opts := ""
		if c.Scroll {
			opts += " scroll"
		}
		if c.Scroll || c.Binary {
			opts += fmt.Sprintf(" binary=%t", c.Binary)
		}
		return fmt.Sprintf("declare %s hold=%t noscroll=%t%s cols=%v", c.Name, c.Hold, c.NoScroll, opts, cols)
	case planner.KindFetch:
		f := st.Fetch
		dir := [...]string{"forward", "backward", "absolute", "relative"}[f.Direction]
		return fmt.Sprintf("%s %s %s %d all=%t", strings.TrimSuffix(f.Tag(0), " 0"), f.Name, dir, f.Count, f.All)
	case planner.KindCloseCursor:
		if st.CloseCursor.Name == "" {
			return "close ALL"
		}
		return "close " + st.CloseCursor.Name
	}
	return fmt.Sprintf("kind %d", st.Kind)
}

func TestCursorErrors(t *testing.T) {
	p := demoPlanner(t)
	for sql, code := range map[string]string{
		`DECLARE c CURSOR FOR SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1001`: sqlerr.FeatureNotSupported,
		`DECLARE c CURSOR FOR SELECT nope FROM orders`:                                                 sqlerr.UndefinedColumn,
	} {
		if got := sqlerr.Code(planErr(p, sql)); got != code {
			t.Errorf("%s: %s, want %s", sql, got, code)
		}
	}
}

func TestCursorParametersAreTyped(t *testing.T) {
	stmts, err := demoPlanner(t).Plan(context.Background(), `DECLARE c CURSOR FOR SELECT order_id FROM orders WHERE driver_id = $1`)
	if err != nil || stmts[0].Err != nil {
		t.Fatal(err, stmts[0].Err)
	}
	if got := fmt.Sprint(stmts[0].Query.Params); got != "[int8]" {
		t.Errorf("params %s, want [int8]", got)
	}
}
