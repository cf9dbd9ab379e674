package difftest

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestDuckDBOrdersTextByteWise checks the premise under the text
// tie-breaks: the reference orders text byte-wise (COLLATE "C"), and
// pitgate's DuckDB SQL says ORDER BY ... DESC without a collation, so
// DuckDB's default must be byte-wise for the scenarios' text values
// ('B' < 'a', 'Mixed' < 'mixed', 'é' above ASCII).
func TestDuckDBOrdersTextByteWise(t *testing.T) {
	values := []string{"", "a", "B", "b", "Ab", "a'b", `a\b`, "é", "3", "23", "O'Brien", `back\slash`, `\'`, "Mixed", "mixed"}
	h, err := newHarness()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var lits []string
	for _, v := range values {
		lits = append(lits, "('"+strings.ReplaceAll(v, "'", "''")+"')")
	}
	got, err := h.query(context.Background(),
		"SELECT x FROM (VALUES "+strings.Join(lits, ", ")+") AS t(x) ORDER BY x DESC")
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(values)
	slices.Sort(want)
	slices.Reverse(want)
	for i, row := range got.Rows {
		if i >= len(want) || row[0] != want[i] {
			t.Fatalf("DuckDB ORDER BY x DESC gave %v, byte-wise order is %q", got.Rows, want)
		}
	}
	if len(got.Rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got.Rows), len(want))
	}
}
