package dialects_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// TestRegexOperatorsOnDuckDB: PostgreSQL's ~ ~* !~ !~* printed for DuckDB
// give what PostgreSQL 15 gives for the same subject and pattern. DuckDB's
// own ~ is a full-string match, which would turn 'abc' ~ 'b' false.
func TestRegexOperatorsOnDuckDB(t *testing.T) {
	duck, pg := duckAndPostgres(t)
	subjects := []any{"abc", "ABC", "a\nb", "x1y22", "", nil}
	patterns := []any{"b", "^a", "c$", "a.b", "^b", "a$", "[^x]b", "[[:digit:]]+", `\d{2}`, "B", "", nil}
	var exprs []plan.Expr
	for _, op := range []string{"~", "~*", "!~", "!~*"} {
		for _, s := range subjects {
			for _, p := range patterns {
				exprs = append(exprs, &plan.Op{Op: op, Args: []plan.Expr{textConst(s), textConst(p)}})
			}
		}
	}
	want := evalOne(t, pg, dialects.Postgres{}, exprs)
	got := evalOne(t, duck, dialects.DuckDB{}, exprs)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: duckdb %s, postgres %s", describeOp(exprs[i].(*plan.Op)), got[i], want[i])
		}
	}
}

func textConst(v any) plan.Expr {
	if v == nil {
		return &plan.Cast{X: &plan.Const{Value: nil}, Type: "text"}
	}
	return &plan.Const{Value: v}
}

func describeOp(o *plan.Op) string {
	text := func(e plan.Expr) string {
		if c, ok := e.(*plan.Const); ok {
			return fmt.Sprintf("%q", c.Value)
		}
		return "NULL"
	}
	return text(o.Args[0]) + " " + o.Op + " " + text(o.Args[1])
}

// evalOne prints exprs as one SELECT in d and returns each value as text.
func evalOne(t *testing.T, wh warehouse.Warehouse, d dialects.Dialect, exprs []plan.Expr) []string {
	t.Helper()
	cols := make([]plan.Column, len(exprs))
	for i := range cols {
		cols[i] = plan.Column{ID: plan.ColumnID(i + 1), Name: fmt.Sprintf("c%d", i)}
	}
	root := &plan.Project{Input: &plan.Values{Rows: [][]plan.Expr{{}}}, Exprs: exprs, Cols: cols}
	sql, err := dialects.Print(d, root)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wh.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v\n%s", d.Name(), err, sql)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row (%v)", d.Name(), rows.Err())
	}
	out := make([]string, len(exprs))
	for i, v := range rows.Values() {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// TestRegexFunctionsOnDuckDB: regexp_replace and regexp_like printed for
// DuckDB give PostgreSQL 15's results; the functions whose DuckDB
// namesakes mean something else are refused.
func TestRegexFunctionsOnDuckDB(t *testing.T) {
	duck, pg := duckAndPostgres(t)
	subjects := []any{"abcb", "ABCB", "a\nb", "x1y22", nil}
	replace := []struct{ pattern, repl string }{
		{"b", "X"}, {"(b)", `[\1]`}, {"(B)", `<\&>`}, {"a.b", "-"}, {"^", ">"}, {"b$", `\\`},
		{"[[:digit:]]+", "#"}, {"(x)?1", `(\1)`}, {"c", "&"},
	}
	flags := []any{nil, "g", "gi", "i", "c", "gc"}
	var exprs []plan.Expr
	for _, s := range subjects {
		for _, r := range replace {
			for _, f := range flags {
				args := []plan.Expr{textConst(s), textConst(r.pattern), textConst(r.repl)}
				if f != nil {
					args = append(args, textConst(f))
				}
				exprs = append(exprs, &plan.Func{Name: "regexp_replace", Args: args})
			}
			for _, f := range []any{nil, "i"} {
				args := []plan.Expr{textConst(s), textConst(r.pattern)}
				if f != nil {
					args = append(args, textConst(f))
				}
				exprs = append(exprs, &plan.Func{Name: "regexp_like", Args: args})
			}
		}
	}
	want := evalOne(t, pg, dialects.Postgres{}, exprs)
	got := evalOne(t, duck, dialects.DuckDB{}, exprs)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: duckdb %q, postgres %q", describeFunc(exprs[i].(*plan.Func)), got[i], want[i])
		}
	}

	notLiteral := &plan.Op{Op: "||", Args: []plan.Expr{textConst("a"), textConst("b")}}
	for _, f := range []*plan.Func{
		{Name: "regexp_matches", Args: []plan.Expr{textConst("a"), textConst("a")}},
		{Name: "regexp_match", Args: []plan.Expr{textConst("a"), textConst("a")}},
		{Name: "regexp_replace", Args: []plan.Expr{textConst("a"), textConst("a"), notLiteral}},
		{Name: "regexp_replace", Args: []plan.Expr{textConst("a"), textConst("a"), textConst("b"), textConst("x")}},
		{Name: "regexp_replace", Args: []plan.Expr{textConst("a"), textConst("a"), textConst("b"), &plan.Const{Value: int64(1)}, &plan.Const{Value: int64(1)}}},
		{Name: "regexp_like", Args: []plan.Expr{textConst("a"), textConst("a"), textConst("g")}},
		{Name: "regexp_replace", Args: []plan.Expr{textConst("a"), textConst("a"), textConst("b"), textConst("n")}},
	} {
		root := &plan.Project{Input: &plan.Values{Rows: [][]plan.Expr{{}}}, Exprs: []plan.Expr{f}, Cols: []plan.Column{{ID: 2, Name: "x"}}}
		if sql, err := dialects.Print(dialects.DuckDB{}, root); sqlerr.Code(err) != sqlerr.FeatureNotSupported {
			t.Errorf("%s: printed %q (%v), want 0A000", describeFunc(f), sql, err)
		}
	}
}

func describeFunc(f *plan.Func) string {
	var args []string
	for _, a := range f.Args {
		if c, ok := a.(*plan.Const); ok {
			args = append(args, fmt.Sprintf("%q", c.Value))
		} else {
			args = append(args, fmt.Sprintf("%T", a))
		}
	}
	return f.Name + "(" + strings.Join(args, ", ") + ")"
}

// duckAndPostgres opens an empty DuckDB and a fresh schema of the test
// PostgreSQL, both closed when t ends.
func duckAndPostgres(t *testing.T) (*duckdb.DB, *postgres.DB) {
	t.Helper()
	duck, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { duck.Close() })
	pg, err := postgres.Open(context.Background(), testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	return duck, pg
}
