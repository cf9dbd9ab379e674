package gateway

import (
	"fmt"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Online values are converted as PostgreSQL's input functions and
// assignment casts would: each case is a literal (or cast, or array) and
// the Go value, or the SQLSTATE, that comes out for a column type.
func TestOnlineValues(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 6, 30, 22, 30, 0, 0, time.UTC)
	ev := &evaluator{now: now, loc: paris}
	lit := func(v any, typ plan.Type) plan.Expr { return &plan.Const{Value: v, Type: typ} }
	cast := func(x plan.Expr, typ plan.Type) plan.Expr { return &plan.Cast{X: x, Type: typ} }
	cases := []struct {
		name string
		e    plan.Expr
		typ  plan.Type
		want string // fmt %T %v of the value, or the SQLSTATE
	}{
		{"int literal as int8", lit(int64(1001), "int4"), "int8", "int64 1001"},
		{"integer text", lit(" 42 ", ""), "int4", "int64 42"},
		{"int2 range", lit(int64(32768), "int4"), "int2", "22003"},
		{"int8 text range", lit("9223372036854775808", ""), "int8", "22003"},
		{"numeric rounds half away from zero", lit("2.5", "numeric"), "int4", "int64 3"},
		{"negative numeric rounds away", lit("-2.5", "numeric"), "int8", "int64 -3"},
		{"integer text with a point", lit("2.5", ""), "int4", "22P02"},
		{"bad integer", lit("x", ""), "int8", "22P02"},
		{"boolean as integer", lit(true, "bool"), "int4", "int64 1"},
		{"float8", lit("0.61", "numeric"), "float8", "float64 0.61"},
		{"float4", lit(int64(2), "int4"), "float4", "float32 2"},
		{"float NaN", lit("NaN", ""), "float8", "float64 NaN"},
		{"float overflow", lit("1e400", "numeric"), "float8", "22003"},
		{"float4 overflow", lit("1e39", "numeric"), "float4", "22003"},
		{"numeric keeps its text", lit("1.50", "numeric"), "numeric", "string 1.50"},
		{"numeric from int", lit(int64(7), "int4"), "numeric", "string 7"},
		{"bad numeric", lit("1.2.3", ""), "numeric", "22P02"},
		{"numeric into bool", lit("2.5", "numeric"), "bool", "42804"},
		{"text from int", lit(int64(7), "int4"), "text", "string 7"},
		{"varchar(10) is text", lit("ab", ""), "varchar(10)", "string ab"},
		{"bool words", lit("Yes", ""), "bool", "bool true"},
		{"bad bool", lit("maybe", ""), "bool", "22P02"},
		{"timestamptz in the session zone", lit("2024-01-01 10:00", ""), "timestamptz", "time.Time 2024-01-01 09:00:00 +0000 UTC"},
		{"timestamptz with a zone", lit("2024-01-01T10:00:00.123456+05:30", ""), "timestamptz", "time.Time 2024-01-01 04:30:00.123456 +0000 UTC"},
		{"timestamptz as pgtype sends it", lit("2024-01-01 10:00:00Z", ""), "timestamptz", "time.Time 2024-01-01 10:00:00 +0000 UTC"},
		{"timestamp ignores the zone", lit("2024-01-01 10:00:00+05", ""), "timestamp", "time.Time 2024-01-01 10:00:00 +0000 UTC"},
		{"date", lit("2024-02-29", ""), "date", "time.Time 2024-02-29 00:00:00 +0000 UTC"},
		{"bad timestamp", lit("tomorrow-ish", ""), "timestamptz", "22007"},
		{"now()", &plan.Func{Name: "now"}, "timestamptz", "time.Time 2024-06-30 22:30:00 +0000 UTC"},
		{"now() into timestamp: the session's wall clock", &plan.Func{Name: "now"}, "timestamp", "time.Time 2024-07-01 00:30:00 +0000 UTC"},
		{"CURRENT_DATE in the session zone", &plan.Special{Name: "CURRENT_DATE"}, "date", "time.Time 2024-07-01 00:00:00 +0000 UTC"},
		{"CURRENT_USER", &plan.Special{Name: "CURRENT_USER"}, "text", "0A000"},
		{"integer into a timestamp", lit(int64(1), "int4"), "timestamptz", "42804"},
		{"uuid", lit("A0EEBC999C0B4EF8BB6D6BB9BD380A11", ""), "uuid", "string a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{"bad uuid", lit("a0ee", ""), "uuid", "22P02"},
		{"bytea hex", lit(`\x00ff`, ""), "bytea", "[]uint8 [0 255]"},
		{"bytea escapes", lit(`a\\b\001`, ""), "bytea", `[]uint8 [97 92 98 1]`},
		{"bad bytea", lit(`\xzz`, ""), "bytea", "22P02"},
		{"json", lit(`{"a":1}`, ""), "jsonb", `string {"a":1}`},
		{"bad json", lit(`{a`, ""), "json", "22P02"},
		{"array literal", lit(`{1, NULL, "3"}`, ""), "int8[]", "[]interface {} [1 <nil> 3]"},
		{"array expression", cast(&plan.Array{Elems: []plan.Expr{lit(int64(1), "int4"), lit("2", "")}}, "int8[]"), "int8[]", "[]interface {} [1 2]"},
		{"bad array", lit(`1,2`, ""), "float8[]", "22P02"},
		{"nested array", lit(`{{1}}`, ""), "float8[]", "0A000"},
		{"array into a scalar", &plan.Array{}, "int8", "42804"},
		{"NULL", lit(nil, ""), "int8", "<nil> <nil>"},
		{"typed NULL parameter", cast(lit(nil, ""), "int8"), "int8", "<nil> <nil>"},
		{"cast then assign", cast(lit("12", ""), "int8"), "float8", "float64 12"},
		{"unknown type keeps the literal", lit("x", ""), "", "string x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := ev.value(c.e, c.typ)
			got := fmt.Sprintf("%T %v", v, v)
			if err != nil {
				got = sqlerr.Code(inColumn(err, "column x"))
			}
			if got != c.want {
				t.Fatalf("got %s (%v), want %s", got, err, c.want)
			}
		})
	}
}
