package pitref

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 3, 31, 1, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

const (
	h  = time.Hour
	us = time.Microsecond
)

// left rows are (id, k, ts); right rows are (k, ts, created, a, b).
func leftOf(rows ...[]any) *Table { return &Table{Cols: []string{"id", "k", "ts"}, Rows: rows} }
func rightOf(rows ...[]any) *Table {
	return &Table{Cols: []string{"k", "ts", "created", "a", "b"}, Rows: rows}
}

func row(v ...any) []any { return v }

// baseJoin joins on k, <= on ts, created tie-break, features a then b.
func baseJoin(right *Table) Join {
	return Join{Right: right, Keys: []KeyPair{{"k", "k"}}, LeftTS: "ts", RightTS: "ts",
		Created: "created", Features: []string{"a", "b"}}
}

func TestEvaluateRules(t *testing.T) {
	one := leftOf(row(int64(1), int64(1), t0))
	cases := []struct {
		name   string
		left   *Table
		right  *Table
		adjust func(*Join)
		want   [][]any // the features (a, b) per output row, in order
	}{
		{"keys must be equal", leftOf(row(int64(1), int64(1), t0), row(int64(2), int64(2), t0)),
			rightOf(row(int64(1), at(-h), nil, int64(10), "x")), nil,
			[][]any{{int64(10), "x"}, {nil, nil}}},
		{"NULL key equals nothing, not even NULL", leftOf(row(int64(1), nil, t0)),
			rightOf(row(nil, at(-h), nil, int64(10), "x")), nil,
			[][]any{{nil, nil}}},
		{"NULL right key never matches", one,
			rightOf(row(nil, at(-h), nil, int64(10), "x")), nil,
			[][]any{{nil, nil}}},
		{"right ts equal to left ts is a candidate", one,
			rightOf(row(int64(1), t0, nil, int64(10), "x")), nil,
			[][]any{{int64(10), "x"}}},
		{"strict excludes an equal ts", one,
			rightOf(row(int64(1), t0, nil, int64(10), "x"), row(int64(1), at(-h), nil, int64(1), "old")),
			func(j *Join) { j.Strict = true },
			[][]any{{int64(1), "old"}}},
		{"right ts after left ts is never a candidate", one,
			rightOf(row(int64(1), at(us), nil, int64(10), "x")), nil,
			[][]any{{nil, nil}}},
		{"greatest ts wins whatever the values and row order", one,
			rightOf(row(int64(1), at(-h), nil, int64(1), "new"), row(int64(1), at(-2*h), nil, int64(100), "z")), nil,
			[][]any{{int64(1), "new"}}},
		{"ttl edge is inclusive", one,
			rightOf(row(int64(1), at(-h), nil, int64(10), "x")),
			func(j *Join) { j.TTL = h },
			[][]any{{int64(10), "x"}}},
		{"ttl edge plus one microsecond is outside", one,
			rightOf(row(int64(1), at(-h-us), nil, int64(10), "x")),
			func(j *Join) { j.TTL = h },
			[][]any{{nil, nil}}},
		{"ttl 0 is unlimited", one,
			rightOf(row(int64(1), at(-10000*h), nil, int64(10), "x")), nil,
			[][]any{{int64(10), "x"}}},
		{"ttl is exact hours across a DST change", leftOf(row(int64(1), int64(1), at(12*h))),
			rightOf(row(int64(1), at(-12*h), nil, int64(10), "x"), row(int64(1), at(-12*h-us), nil, int64(5), "y")),
			func(j *Join) { j.TTL = 24 * h },
			[][]any{{int64(10), "x"}}},
		{"equal ts: greatest created wins over greater features", one,
			rightOf(row(int64(1), at(-h), at(-h), int64(9), "z"), row(int64(1), at(-h), at(-h+us), int64(1), "a")), nil,
			[][]any{{int64(1), "a"}}},
		{"equal ts: NULL created loses to any created", one,
			rightOf(row(int64(1), at(-h), nil, int64(9), "z"), row(int64(1), at(-h), at(-100*h), int64(1), "a")), nil,
			[][]any{{int64(1), "a"}}},
		{"without Created the created column is ignored", one,
			rightOf(row(int64(1), at(-h), at(-h), int64(9), "z"), row(int64(1), at(-h), at(-h+us), int64(1), "a")),
			func(j *Join) { j.Created = "" },
			[][]any{{int64(9), "z"}}},
		{"equal ts and created: features decide in declared order", one,
			rightOf(row(int64(1), at(-h), at(-h), int64(9), "x"), row(int64(1), at(-h), at(-h), int64(1), "y")),
			func(j *Join) { j.Features = []string{"b", "a"} },
			[][]any{{"y", int64(1)}}},
		{"two NULL created tie and features decide", one,
			rightOf(row(int64(1), at(-h), nil, int64(1), "y"), row(int64(1), at(-h), nil, int64(9), "x")), nil,
			[][]any{{int64(9), "x"}}},
		{"NULL feature loses the tie-break", one,
			rightOf(row(int64(1), at(-h), nil, int64(0), "x"), row(int64(1), at(-h), nil, nil, "z")), nil,
			[][]any{{int64(0), "x"}}},
		{"later feature decides when the first ties", one,
			rightOf(row(int64(1), at(-h), nil, int64(3), "a"), row(int64(1), at(-h), nil, int64(3), "b")), nil,
			[][]any{{int64(3), "b"}}},
		{"text compares byte-wise: a > B", one,
			rightOf(row(int64(1), at(-h), nil, "B", nil), row(int64(1), at(-h), nil, "a", nil)), nil,
			[][]any{{"a", nil}}},
		{"text compares byte-wise: é > z", one,
			rightOf(row(int64(1), at(-h), nil, "z", nil), row(int64(1), at(-h), nil, "é", nil)), nil,
			[][]any{{"é", nil}}},
		{"bools: true > false", one,
			rightOf(row(int64(1), at(-h), nil, true, nil), row(int64(1), at(-h), nil, false, nil)), nil,
			[][]any{{true, nil}}},
		{"floats compare numerically: 10 > 9.5", one,
			rightOf(row(int64(1), at(-h), nil, 9.5, nil), row(int64(1), at(-h), nil, 10.0, nil)), nil,
			[][]any{{10.0, nil}}},
		{"floats compare numerically: 0.25 > -1.5", one,
			rightOf(row(int64(1), at(-h), nil, 0.25, nil), row(int64(1), at(-h), nil, -1.5, nil)), nil,
			[][]any{{0.25, nil}}},
		{"NULL feature of the winner stays NULL", one,
			rightOf(row(int64(1), at(-2*h), nil, int64(5), "old"), row(int64(1), at(-h), nil, nil, "new")), nil,
			[][]any{{nil, "new"}}},
		{"known_at excludes a row created after left ts", one,
			rightOf(row(int64(1), at(-h), at(h), int64(2), "late"), row(int64(1), at(-2*h), at(-2*h), int64(1), "known")),
			func(j *Join) { j.KnownAt = true },
			[][]any{{int64(1), "known"}}},
		{"without known_at the late row wins", one,
			rightOf(row(int64(1), at(-h), at(h), int64(2), "late"), row(int64(1), at(-2*h), at(-2*h), int64(1), "known")), nil,
			[][]any{{int64(2), "late"}}},
		{"known_at edge: created equal to left ts is known", one,
			rightOf(row(int64(1), at(-h), t0, int64(2), "x")),
			func(j *Join) { j.KnownAt = true },
			[][]any{{int64(2), "x"}}},
		{"known_at excludes NULL created", one,
			rightOf(row(int64(1), at(-h), nil, int64(2), "x")),
			func(j *Join) { j.KnownAt = true },
			[][]any{{nil, nil}}},
		{"inner join drops rows without a candidate, keeps order", leftOf(row(int64(1), int64(2), t0), row(int64(2), int64(9), t0), row(int64(3), int64(1), t0)),
			rightOf(row(int64(1), at(-h), nil, int64(1), "k1"), row(int64(2), at(-h), nil, int64(2), "k2")),
			func(j *Join) { j.Inner = true },
			[][]any{{int64(2), "k2"}, {int64(1), "k1"}}},
		{"left duplicates stay duplicates; right duplicates add nothing", leftOf(row(int64(1), int64(1), t0), row(int64(1), int64(1), t0)),
			rightOf(row(int64(1), at(-h), nil, int64(7), "d"), row(int64(1), at(-h), nil, int64(7), "d")), nil,
			[][]any{{int64(7), "d"}, {int64(7), "d"}}},
		{"NULL left ts has no candidate", leftOf(row(int64(1), int64(1), nil)),
			rightOf(row(int64(1), at(-h), nil, int64(7), "d")), nil,
			[][]any{{nil, nil}}},
		{"NULL right ts is never a candidate", one,
			rightOf(row(int64(1), nil, nil, int64(7), "d")), nil,
			[][]any{{nil, nil}}},
		{"times compare by instant, whatever the location", leftOf(row(int64(1), int64(1), t0.In(newYork(t)))),
			rightOf(row(int64(1), t0, nil, int64(7), "d")), nil,
			[][]any{{int64(7), "d"}}},
		{"empty right gives NULL features", one, rightOf(), nil, [][]any{{nil, nil}}},
		{"empty left gives no rows", leftOf(), rightOf(row(int64(1), at(-h), nil, int64(7), "d")), nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j := baseJoin(c.right)
			if c.adjust != nil {
				c.adjust(&j)
			}
			got := Evaluate(c.left, j)
			if len(got.Rows) != len(c.want) {
				t.Fatalf("got %d rows, want %d:\n%v", len(got.Rows), len(c.want), got.Rows)
			}
			for i, r := range got.Rows {
				features := r[len(c.left.Cols):]
				if diff := Compare(&Table{Rows: [][]any{features}}, &Table{Rows: [][]any{c.want[i]}}); diff != "" {
					t.Errorf("row %d: got %s, want %s", i, FormatRow(features), FormatRow(c.want[i]))
				}
			}
		})
	}
}

func newYork(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no tz database: %v", err)
	}
	return loc
}

func TestEvaluateTwoColumnKeysDoNotConcatenate(t *testing.T) {
	left := &Table{Cols: []string{"k1", "k2", "ts"}, Rows: [][]any{{int64(1), "23", t0}, {int64(12), "3", t0}}}
	right := &Table{Cols: []string{"k1", "k2", "ts", "f"}, Rows: [][]any{{int64(12), "3", at(-h), "twelve-three"}}}
	got := Evaluate(left, Join{Right: right, Keys: []KeyPair{{"k1", "k1"}, {"k2", "k2"}}, LeftTS: "ts", RightTS: "ts", Features: []string{"f"}})
	want := [][]any{{int64(1), "23", t0, nil}, {int64(12), "3", t0, "twelve-three"}}
	if diff := Compare(got, &Table{Cols: []string{"k1", "k2", "ts", "f"}, Rows: want}); diff != "" {
		t.Fatal(diff)
	}
}

func TestEvaluateChainsJoinsAndNamesColumns(t *testing.T) {
	orders := &Table{Cols: []string{"order_id", "driver", "ts"}, Rows: [][]any{{int64(1), int64(7), t0}}}
	drivers := &Table{Cols: []string{"driver", "ts", "car"}, Rows: [][]any{{int64(7), at(-h), int64(70)}}}
	cars := &Table{Cols: []string{"car", "ts", "color"}, Rows: [][]any{{int64(70), at(-2 * h), "red"}}}
	got := Evaluate(orders,
		Join{Right: drivers, Keys: []KeyPair{{"driver", "driver"}}, LeftTS: "ts", RightTS: "ts", Features: []string{"car"}, Prefix: "d_"},
		Join{Right: cars, Keys: []KeyPair{{"d_car", "car"}}, LeftTS: "ts", RightTS: "ts", Features: []string{"color"}},
	)
	want := &Table{Cols: []string{"order_id", "driver", "ts", "d_car", "color"}, Rows: [][]any{{int64(1), int64(7), t0, int64(70), "red"}}}
	if diff := Compare(got, want); diff != "" {
		t.Fatal(diff)
	}
}

func TestEvaluateLeavesInputsAlone(t *testing.T) {
	left := leftOf(row(int64(1), int64(1), t0))
	right := rightOf(row(int64(1), at(-h), nil, int64(7), "d"))
	got := Evaluate(left, baseJoin(right))
	got.Rows[0][0] = int64(99)
	got.Cols[0] = "changed"
	if left.Rows[0][0] != int64(1) || left.Cols[0] != "id" || len(left.Rows[0]) != 3 {
		t.Fatalf("Evaluate shares storage with its input: left is now %v %v", left.Cols, left.Rows)
	}
}

func TestEvaluatePanicsOnBadScenarios(t *testing.T) {
	right := rightOf(row("1", at(-h), nil, int64(7), "d"))
	cases := []struct {
		name   string
		join   Join
		substr string
	}{
		{"unknown column", Join{Right: right, Keys: []KeyPair{{"nope", "k"}}, LeftTS: "ts", RightTS: "ts"}, `no column "nope"`},
		{"known_at without created", Join{Right: right, LeftTS: "ts", RightTS: "ts", KnownAt: true}, "KnownAt needs"},
		{"key types differ", Join{Right: right, Keys: []KeyPair{{"k", "k"}}, LeftTS: "ts", RightTS: "ts"}, "cannot compare"},
		{"ts is not a time", Join{Right: right, LeftTS: "id", RightTS: "ts"}, "want time.Time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.substr) {
					t.Fatalf("panic %q, want one containing %q", msg, c.substr)
				}
			}()
			Evaluate(leftOf(row(int64(1), int64(1), t0)), c.join)
		})
	}
}
