package gateway

import (
	"testing"

	"github.com/pitgate/pitgate/plan"
)

// TestLoadText: which INSERT items go to the loader, as what text.
func TestLoadText(t *testing.T) {
	k := func(v any, typ plan.Type) *plan.Const { return &plan.Const{Value: v, Type: typ} }
	cast := func(x plan.Expr, typ plan.Type) *plan.Cast { return &plan.Cast{X: x, Type: typ} }
	cases := []struct {
		item   plan.Expr
		target plan.Type
		want   string // "-" for not loadable, "NULL"
	}{
		{k("2024-01-01 00:00:00+02", ""), "timestamptz", "2024-01-01 00:00:00+02"},
		{k("12", ""), "int8", "12"},
		{k(nil, ""), "int8", "NULL"},
		{k(int64(7), "int4"), "int8", "7"},
		{k(int64(7), "int4"), "numeric(10,2)", "7"},
		{k(int64(7), "int4"), "text", "-"}, // INSERT's assignment cast, not input
		{k(int64(1), "int4"), "bool", "-"}, // no assignment cast: an error, input reads true
		{k("1.5", "numeric"), "float8", "1.5"},
		{k("1.5", "numeric"), "numeric(4,1)", "1.5"},
		{k("1.5", "numeric"), "int8", "-"}, // INSERT rounds, input refuses
		{k(true, "bool"), "bool", "true"},
		{k(true, "bool"), "text", "-"},
		{k([]byte{0, 255}, "bytea"), "bytea", `\x00ff`},
		{cast(k("2024-01-01T00:00:00Z", ""), "timestamptz"), "timestamptz", "2024-01-01T00:00:00Z"},
		{cast(k("2024-01-01", ""), "date"), "timestamptz", "-"},
		{cast(k(nil, ""), "int8"), "int8", "NULL"},
		{cast(k("x", "text"), "text"), "text", "x"},
		{&plan.Op{Op: "+", Args: []plan.Expr{k(int64(1), "int4"), k(int64(0), "int4")}}, "int8", "-"},
		{&plan.Param{N: 1}, "int8", "-"},
	}
	for _, c := range cases {
		text, ok := loadText(cast(c.item, c.target), c.target)
		got := "-"
		switch {
		case ok && text == nil:
			got = "NULL"
		case ok:
			got = *text
		}
		if got != c.want {
			t.Errorf("%#v into %s: %s, want %s", c.item, c.target, got, c.want)
		}
	}
}

// TestLineMap: a loaded row's client line, past a header (line 1), a
// gap of one line after row 4 and one of two after row 6 (lines a COPY's
// WHERE skipped): three change points kept for seven rows.
func TestLineMap(t *testing.T) {
	var m lineMap
	pairs := [][2]int64{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 7}, {6, 8}, {7, 10}}
	for _, p := range pairs {
		m.add(p[0], p[1])
	}
	for _, p := range pairs {
		if got := m.line(p[0]); got != p[1] {
			t.Errorf("row %d: line %d, want %d", p[0], got, p[1])
		}
	}
	if len(m.rows) != 3 {
		t.Errorf("kept %d change points, want 3", len(m.rows))
	}
}
