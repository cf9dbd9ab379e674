package pitref

import (
	"math"
	"strings"
	"testing"
	"time"
)

// tenth is a variable so 0.1+0.2 is computed in float64, not as an exact constant.
var tenth = 0.1

func TestCompare(t *testing.T) {
	ny := time.FixedZone("EDT", -4*3600)
	cases := []struct {
		name string
		a, b *Table
		want string // "" for equal, else a substring of the diff
	}{
		{"same rows in another order",
			&Table{Rows: [][]any{{int64(1), "a"}, {int64(2), nil}}},
			&Table{Rows: [][]any{{int64(2), nil}, {int64(1), "a"}}}, ""},
		{"times equal as instants", &Table{Rows: [][]any{{t0}}}, &Table{Rows: [][]any{{t0.In(ny)}}}, ""},
		{"NaN equals NaN", &Table{Rows: [][]any{{math.NaN()}}}, &Table{Rows: [][]any{{math.NaN()}}}, ""},
		{"floats compared exactly", &Table{Rows: [][]any{{tenth + 2*tenth}}}, &Table{Rows: [][]any{{0.3}}}, "0.30000000000000004"},
		{"duplicates count", &Table{Rows: [][]any{{int64(1)}, {int64(1)}}}, &Table{Rows: [][]any{{int64(1)}}}, "only in a (1)"},
		{"types differ", &Table{Rows: [][]any{{int64(1)}}}, &Table{Rows: [][]any{{int32(1)}}}, "int32(1)"},
		{"int and float differ", &Table{Rows: [][]any{{int64(1)}}}, &Table{Rows: [][]any{{1.0}}}, "1.0"},
		{"NULL differs from empty text", &Table{Rows: [][]any{{nil}}}, &Table{Rows: [][]any{{""}}}, `only in b (1):`},
		{"times differ by a microsecond", &Table{Rows: [][]any{{t0}}}, &Table{Rows: [][]any{{at(us)}}}, "01:00:00.000001Z"},
		{"column names differ", &Table{Cols: []string{"a"}}, &Table{Cols: []string{"b"}}, "columns differ"},
		{"column names ignored when one side has none", &Table{Cols: []string{"a"}, Rows: [][]any{{true}}}, &Table{Rows: [][]any{{true}}}, ""},
		{"wider row differs", &Table{Rows: [][]any{{true}}}, &Table{Rows: [][]any{{true, nil}}}, "only in b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Compare(c.a, c.b)
			if c.want == "" && got != "" {
				t.Fatalf("want equal, got:\n%s", got)
			}
			if c.want != "" && !strings.Contains(got, c.want) {
				t.Fatalf("want a diff containing %q, got:\n%s", c.want, got)
			}
		})
	}
}

func TestCompareListsAtMostTenRowsPerSide(t *testing.T) {
	a := &Table{}
	for i := range 25 {
		a.Rows = append(a.Rows, []any{int64(i)})
	}
	got := Compare(a, &Table{})
	if !strings.Contains(got, "... 15 more") || strings.Count(got, "\n  (") != 10 {
		t.Fatalf("diff not truncated:\n%s", got)
	}
}
