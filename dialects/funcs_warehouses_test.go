package dialects_test

import (
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

func i64(v int64) plan.Expr          { return &plan.Const{Value: v} }
func f64(v float64) plan.Expr        { return &plan.Const{Value: v} }
func str(v string) plan.Expr         { return &plan.Const{Value: v} }
func col(id plan.ColumnID) plan.Expr { return &plan.ColRef{ID: id, Name: "c"} }

// printOver prints SELECT e FROM a table whose columns i (int8), f (float8)
// and n (numeric) have known types.
func printOver(d dialects.Dialect, e plan.Expr) (string, error) {
	tbl := &plan.Table{Name: []string{"t"}, Cols: []plan.Column{{ID: 1, Name: "i", Type: "int8"},
		{ID: 2, Name: "f", Type: "float8"}, {ID: 3, Name: "n", Type: "numeric"}}}
	return dialects.Print(d, &plan.Project{Input: tbl, Exprs: []plan.Expr{e}, Cols: []plan.Column{{ID: 9, Name: "x"}}})
}

// TestDivisionByOperandTypes: / is printed where the operand types say
// what PostgreSQL computes, and refused where they do not.
func TestDivisionByOperandTypes(t *testing.T) {
	div := func(l, r plan.Expr) plan.Expr { return &plan.Op{Op: "/", Args: []plan.Expr{l, r}} }
	bq, sf := dialects.BigQuery{}, dialects.Snowflake{}
	cases := []struct {
		d    dialects.Dialect
		e    plan.Expr
		want string // "" means refused with 0A000
	}{
		{bq, div(i64(7), i64(2)), "SELECT DIV(7, 2) AS `x`\nFROM `t` AS `t1`"},
		{bq, div(i64(1), &plan.Func{Name: "div", Args: []plan.Expr{i64(4), i64(2)}}), ""}, // div is numeric
		{bq, div(col(1), i64(2)), "SELECT DIV(`t1`.`i`, 2) AS `x`\nFROM `t` AS `t1`"},
		{bq, div(col(2), col(1)), "SELECT (`t1`.`f` / `t1`.`i`) AS `x`\nFROM `t` AS `t1`"},
		{bq, div(&plan.Cast{X: col(1), Type: "float8"}, i64(3)), "SELECT (CAST(`t1`.`i` AS FLOAT64) / 3) AS `x`\nFROM `t` AS `t1`"},
		{bq, div(col(3), i64(2)), ""},
		{bq, div(&plan.Param{N: 1}, i64(2)), ""},
		{sf, div(col(1), i64(2)), "SELECT TRUNC(\"T1\".\"I\" / 2) AS \"X\"\nFROM \"T\" AS \"T1\""},
		{sf, div(f64(1.5), col(1)), "SELECT (CAST('1.5' AS FLOAT) / \"T1\".\"I\") AS \"X\"\nFROM \"T\" AS \"T1\""},
		{sf, div(col(3), col(1)), ""},
	}
	for _, c := range cases {
		got, err := printOver(c.d, c.e)
		if c.want == "" {
			if sqlerr.Code(err) != sqlerr.FeatureNotSupported {
				t.Errorf("%s %#v: got %q (%v), want 0A000", c.d.Name(), c.e, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %#v:\ngot  %q (%v)\nwant %q", c.d.Name(), c.e, got, err, c.want)
		}
	}
}

// TestMoreFunctions pins the functions added for the sqlglot corpus and
// what stays refused.
func TestMoreFunctions(t *testing.T) {
	bq, sf := dialects.BigQuery{}, dialects.Snowflake{}
	ts := &plan.Cast{X: str("2024-03-10 04:05:06"), Type: "timestamp"}
	cases := []struct {
		d    dialects.Dialect
		name string
		args []string
		want string // "" means refused
	}{
		{bq, "power", []string{"x", "2"}, "POWER(x, 2)"},
		{bq, "md5", []string{"x"}, "TO_HEX(MD5(x))"},
		{bq, "log", []string{"x"}, "LOG10(x)"},
		{bq, "log", []string{"2", "x"}, "LOG(x, 2)"},
		{bq, "extract", []string{"'month'", "ts"}, "EXTRACT(MONTH FROM ts)"},
		{bq, "date_part", []string{"'dow'", "ts"}, "(EXTRACT(DAYOFWEEK FROM ts) - 1)"},
		{bq, "date_part", []string{"'week'", "ts"}, "EXTRACT(ISOWEEK FROM ts)"},
		{bq, "extract", []string{"'second'", "ts"}, ""},
		{bq, "var_samp", []string{"x"}, "VAR_SAMP(x)"},
		{bq, "concat", []string{"a", "b"}, ""},
		{bq, "round", []string{"x"}, ""},
		{sf, "sha256", []string{"x"}, "SHA2_BINARY(x, 256)"},
		{sf, "strpos", []string{"s", "'b'"}, "CHARINDEX('b', s)"},
		{sf, "log", []string{"x"}, "LOG(10, x)"},
		{sf, "bit_xor", []string{"x"}, "BITXOR_AGG(x)"},
		{sf, "extract", []string{"'week'", "ts"}, "EXTRACT(WEEKISO FROM ts)"},
		{sf, "extract", []string{"'dow'", "ts"}, ""},
		{sf, "string_agg", []string{"x", "','"}, ""},
		{dialects.DuckDB{}, "div", []string{"a", "b"}, "CASE WHEN b = 0 THEN error('division by zero') ELSE CAST(trunc(a / b) AS DECIMAL(38,0)) END"},
		{dialects.DuckDB{}, "rpad", []string{"s", "8"}, "rpad(s, 8, ' ')"},
		{dialects.DuckDB{}, "rpad", []string{"s", "8", "'x'"}, "rpad(s, 8, 'x')"},
	}
	for _, c := range cases {
		got, err := c.d.Func(c.name, c.args)
		if c.want == "" {
			if sqlerr.Code(err) != sqlerr.FeatureNotSupported {
				t.Errorf("%s %s: got %q (%v), want 0A000", c.d.Name(), c.name, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %s: got %q (%v), want %q", c.d.Name(), c.name, got, err, c.want)
		}
	}
	_ = ts
}
