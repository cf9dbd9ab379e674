package planner

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// The evaluator's own answers; gateway/fastpath_pg_test.go compares the
// same shapes with PostgreSQL 15 end to end.
func TestConstantEval(t *testing.T) {
	cases := []struct {
		sql  string
		want string // the row, or the SQLSTATE and message
	}{
		{"SELECT 1, 'a', NULL, true", "[1 a <nil> true] [int4 text text bool]"},
		{"SELECT -2147483648, 2147483648", "[-2147483648 2147483648] [int4 int8]"},
		{"SELECT -0.00, 2.50, 99999999999999999999", "[0.00 2.50 99999999999999999999] [numeric numeric numeric]"},
		{"SELECT ' -12 '::int2, 'On'::bool, 'n'::bool", "[-12 true false] [int2 bool bool]"},
		{"SELECT 7 / -2, -7 % 3, 1::int2 * 3::int2, 1::int2 + 1::int8", "[-3 -1 3 2] [int4 int4 int2 int8]"},
		{"SELECT 1 + NULL::int4, 2.5::float8, true::text", "[<nil> 2.5 true] [int4 float8 text]"},
		{"SELECT (-2147483648)::int4 % -1", "[0] [int4]"},
		{"SELECT 2147483647 + 1", "22003 integer out of range"},
		{"SELECT 32767::int2 * 2::int2", "22003 smallint out of range"},
		{"SELECT -9223372036854775808 * -1", "22003 bigint out of range"},
		{"SELECT -9223372036854775808 / -1", "22003 bigint out of range"},
		{"SELECT 3000000000::int4", "22003 integer out of range"},
		{"SELECT 1 % 0", "22012 division by zero"},
	}
	p := New(&registry.Repo{}, nil)
	for _, c := range cases {
		cs := constantOf(t, p, c.sql)
		if cs == nil {
			t.Errorf("%s: not a constant", c.sql)
			continue
		}
		row, err := cs.Eval(nil)
		got := fmt.Sprint(row, " ", columnTypes(cs))
		if err != nil {
			got = sqlerr.Code(err) + " " + err.Error()
		}
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}

// A bound parameter the subset does not read exactly sends the statement
// to the warehouse at its Bind.
func TestConstantParams(t *testing.T) {
	p := New(&registry.Repo{}, nil)
	stmts, err := p.Plan(context.Background(), "SELECT $1::numeric, $2::int2")
	if err != nil {
		t.Fatal(err)
	}
	cs, ok := ConstantSelect(stmts[0].Query, []plan.Type{"numeric", "int8"})
	if !ok {
		t.Fatal("not a constant")
	}
	bound := func(v any, typ plan.Type) plan.Expr { return &plan.Cast{X: &plan.Const{Value: v}, Type: typ} }
	row, err := cs.Eval([]plan.Expr{bound("1.50", "numeric"), bound(int64(7), "int8")})
	if err != nil || fmt.Sprint(row) != "[1.50 7]" {
		t.Errorf("got %v %v", row, err)
	}
	if _, err := cs.Eval([]plan.Expr{bound("1e3", "numeric"), bound(int64(7), "int8")}); !errors.Is(err, ErrNotConstant) {
		t.Errorf("1e3: got %v, want ErrNotConstant", err)
	}
	if _, err := cs.Eval([]plan.Expr{bound("1", "numeric"), bound(int64(40000), "int8")}); sqlerr.Code(err) != "22003" {
		t.Errorf("40000::int2: got %v, want 22003", err)
	}
}

func constantOf(t *testing.T, p *Planner, sql string) *ConstSelect {
	t.Helper()
	stmts, err := p.Plan(context.Background(), sql)
	if err != nil || len(stmts) != 1 || stmts[0].Query == nil {
		t.Fatalf("%s: %v", sql, err)
	}
	cs, _ := ConstantSelect(stmts[0].Query, nil)
	return cs
}

func columnTypes(cs *ConstSelect) []plan.Type {
	var out []plan.Type
	for _, c := range cs.Columns {
		out = append(out, c.Type)
	}
	return out
}
