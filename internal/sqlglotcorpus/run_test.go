package sqlglotcorpus

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// floors are the shares of pairs (of those pitgate plans as a query) that
// must come out the same as sqlglot's or, on DuckDB, with equal results:
// the measured rates minus about one point, so a regression fails.
var floors = map[string]float64{"bigquery": 0.20, "snowflake": 0.19, "duckdb": 0.53}

// unfaithful are pairs whose sqlglot translation means something else
// than the PostgreSQL text, found by executing both (file:line and the
// reason); pitgate's differing result is then no failure.
var unfaithful = map[string]string{}

// TestSqlglotCorpus plans every pair, prints it per dialect, classifies it
// and, on DuckDB, executes what can be executed.
func TestSqlglotCorpus(t *testing.T) {
	ctx := context.Background()
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts := map[string]map[string]int{}
	for _, p := range loadPairs(t) {
		o := translate(ctx, p)
		if p.Dialect == "duckdb" && o.root != nil && o.class != classRefused && !hasTable(o.root) {
			execute(ctx, t, db, p, &o)
		}
		if counts[p.Dialect] == nil {
			counts[p.Dialect] = map[string]int{}
		}
		counts[p.Dialect][o.class]++
		if o.class != classSame && o.class != classExecutedEqual {
			t.Logf("%s %s:%d %s\n  postgres: %s\n  sqlglot:  %s\n  pitgate:  %s%s", p.Dialect, p.File, p.Line, o.class,
				oneLine(p.Postgres), oneLine(o.want), oneLine(o.got), detail(o.detail))
		}
	}
	for _, d := range []string{"bigquery", "snowflake", "duckdb"} {
		c := counts[d]
		planned := c[classSame] + c[classExecutedEqual] + c[classRefused] + c[classDifferent]
		rate := float64(c[classSame]+c[classExecutedEqual]) / float64(max(planned, 1))
		t.Logf("sqlglot corpus %s: %d pairs, %d planned: %d same, %d executed-equal, %d refused (0A000), %d different; %d not planned, %d not a query; pass rate %.1f%%",
			d, total(c), planned, c[classSame], c[classExecutedEqual], c[classRefused], c[classDifferent],
			c[classNotPlanned], c[classNotQuery], 100*rate)
		if rate < floors[d] {
			t.Errorf("%s: pass rate %.3f fell below its floor %.3f", d, rate, floors[d])
		}
	}
}

func total(c map[string]int) int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func detail(s string) string {
	if s == "" {
		return ""
	}
	return "\n  " + s
}

func hasTable(n plan.Node) bool {
	if _, ok := n.(*plan.Table); ok {
		return true
	}
	for _, c := range n.Children() {
		if hasTable(c) {
			return true
		}
	}
	return false
}

// execute runs pitgate's SQL on a connection as the connector sets it up
// (UTC, integer division) and sqlglot's on one with DuckDB's defaults for
// division, which is what sqlglot writes for, and compares the rows.
func execute(ctx context.Context, t *testing.T, db *duckdb.DB, p pair, o *outcome) {
	got, gerr := rowsOf(ctx, db.SQLDB(), o.got, "")
	want, werr := rowsOf(ctx, db.SQLDB(), o.want, "SET integer_division = false")
	key := fmt.Sprintf("%s:%d", p.File, p.Line)
	switch {
	case werr != nil:
		o.detail = "sqlglot's SQL does not run on DuckDB: " + oneLine(werr.Error())
		if gerr != nil {
			o.detail += "; pitgate's neither: " + oneLine(gerr.Error())
		}
	case gerr != nil:
		o.class, o.detail = classDifferent, "pitgate's SQL fails on DuckDB: "+oneLine(gerr.Error())
	case volatile.MatchString(p.Postgres):
		o.detail = "both ran; a volatile function's results are not compared"
	case equalRows(got, want):
		o.class, o.detail = classExecutedEqual, ""
	default:
		o.class = classDifferent
		o.detail = fmt.Sprintf("results differ: pitgate %v, sqlglot %v", got, want)
		if why, ok := unfaithful[key]; ok {
			o.detail += " (sqlglot's translation is unfaithful: " + why + ")"
		} else {
			t.Errorf("%s: pitgate's DuckDB SQL gives another result than sqlglot's faithful translation:\n  postgres: %s\n  pitgate:  %s -> %v\n  sqlglot:  %s -> %v",
				key, oneLine(p.Postgres), oneLine(o.got), got, oneLine(o.want), want)
		}
	}
}

// volatile finds the functions whose value changes from one query to the next.
var volatile = regexp.MustCompile(`(?i)\b(now|current_timestamp|current_time|localtimestamp|random|gen_random_uuid|uuid)\b`)

func rowsOf(ctx context.Context, db *sql.DB, query, setup string) ([]string, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if setup != "" {
		if _, err := conn.ExecContext(ctx, setup); err != nil {
			return nil, err
		}
		// A connection with the setting changed never goes back to the
		// pool, where pitgate's SQL would run with it.
		defer conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = cell(v)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	sort.Strings(out)
	return out, rows.Err()
}

// cell prints a value so that engines' type choices (DOUBLE or DECIMAL,
// INTEGER or BIGINT) compare by value.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case []byte:
		return fmt.Sprintf("%x", v)
	}
	s := fmt.Sprint(v)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', 12, 64)
	}
	return s
}

func equalRows(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
