package pitref

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxDiffRows bounds how many differing rows Compare lists per side.
const maxDiffRows = 10

// Compare returns "" when a and b hold the same rows as multisets, and
// otherwise a readable description of the first differences. Row order does
// not matter; duplicates do. Values are equal when they have the same Go type
// and value: floats exactly (NaN equals NaN), times by instant whatever their
// location. Column names are compared only when both tables have them.
func Compare(a, b *Table) string {
	var diff strings.Builder
	if a.Cols != nil && b.Cols != nil && !slices.Equal(a.Cols, b.Cols) {
		fmt.Fprintf(&diff, "columns differ:\n  a: %s\n  b: %s\n", strings.Join(a.Cols, ", "), strings.Join(b.Cols, ", "))
	}
	onlyA, onlyB := multisetDifference(a.Rows, b.Rows)
	if len(onlyA) == 0 && len(onlyB) == 0 {
		return diff.String()
	}
	fmt.Fprintf(&diff, "rows differ: a has %d, b has %d\n", len(a.Rows), len(b.Rows))
	writeRows(&diff, "only in a", onlyA)
	writeRows(&diff, "only in b", onlyB)
	return diff.String()
}

// multisetDifference sorts copies of both row lists and walks them together.
func multisetDifference(a, b [][]any) (onlyA, onlyB [][]any) {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, compareRows)
	slices.SortFunc(b, compareRows)
	for len(a) > 0 && len(b) > 0 {
		switch c := compareRows(a[0], b[0]); {
		case c == 0:
			a, b = a[1:], b[1:]
		case c < 0:
			onlyA, a = append(onlyA, a[0]), a[1:]
		default:
			onlyB, b = append(onlyB, b[0]), b[1:]
		}
	}
	return append(onlyA, a...), append(onlyB, b...)
}

func writeRows(w *strings.Builder, title string, rows [][]any) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "%s (%d):\n", title, len(rows))
	for i, r := range rows {
		if i == maxDiffRows {
			fmt.Fprintf(w, "  ... %d more\n", len(rows)-i)
			break
		}
		fmt.Fprintf(w, "  %s\n", FormatRow(r))
	}
}

// compareRows is a total order on rows, used only to sort them; it never
// panics, whatever the values.
func compareRows(a, b []any) int {
	for i := range min(len(a), len(b)) {
		if c := compareAny(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// compareAny orders values first by Go type, then by value.
func compareAny(a, b any) int {
	if c := cmp.Compare(typeRank(a), typeRank(b)); c != 0 {
		return c
	}
	switch a.(type) {
	case nil:
		return 0
	case int64, float64, string, bool, time.Time:
		return compareSameType(a, b)
	}
	return cmp.Compare(fmt.Sprintf("%T %#v", a, a), fmt.Sprintf("%T %#v", b, b))
}

func typeRank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case int64:
		return 2
	case float64:
		return 3
	case string:
		return 4
	case time.Time:
		return 5
	}
	return 6
}

// FormatRow prints a row as a SQL-like tuple: NULL, quoted text, times in
// UTC with microseconds. Values of other Go types show their type, so a
// mismatch such as int32(1) against 1 is visible.
func FormatRow(row []any) string {
	parts := make([]string, len(row))
	for i, v := range row {
		parts[i] = formatValue(v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Sprint(x)
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0" // tells 1.0 from the integer 1
		}
		return s
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	return fmt.Sprintf("%T(%v)", v, v)
}
