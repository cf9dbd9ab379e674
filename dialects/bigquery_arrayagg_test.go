package dialects

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/plan"
)

// TestStructFieldsIgnoreCase: BigQuery reads `v` and `V` as one struct
// field (the emulator says "Struct field name v is ambiguous"), so the
// winner struct's field names must differ without regard to case.
func TestStructFieldsIgnoreCase(t *testing.T) {
	cols := []plan.Column{{Name: "v"}, {Name: "V"}, {Name: "V_2"}, {Name: ""}, {Name: "Select"}}
	want := []string{"v", "V_2", "V_2_2", "col", "Select"}
	if got := structFields(cols); !reflect.DeepEqual(got, want) {
		t.Fatalf("structFields = %q, want %q", got, want)
	}
}

// TestArrayAggOrderHasNoNullsClause: every ARRAY_AGG of the golden
// .bigquery-arrayagg.sql files orders by DESC keys without a NULLS clause,
// the only spelling BigQuery documents for an aggregate's ORDER BY (the
// emulator accepts more, so only this check can see it).
func TestArrayAggOrderHasNoNullsClause(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "golden", "cases", "*.bigquery-arrayagg.sql"))
	if err != nil || len(files) < 15 {
		t.Fatalf("%d golden files (%v)", len(files), err)
	}
	aggs := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(b), "ARRAY_AGG(")[1:] {
			end := strings.Index(part, " LIMIT 1)[SAFE_OFFSET(0)]")
			order := strings.Index(part, ") ORDER BY ")
			if end < 0 || order < 0 || order > end {
				t.Fatalf("%s: ARRAY_AGG without ORDER BY ... LIMIT 1: %.200s", f, part)
			}
			for _, key := range strings.Split(part[order+len(") ORDER BY "):end], ", ") {
				if !strings.HasSuffix(key, " DESC") || strings.Contains(key, "NULLS") {
					t.Errorf("%s: aggregate order key %q, want <key> DESC", f, key)
				}
			}
			aggs++
		}
	}
	if aggs == 0 {
		t.Fatal("no ARRAY_AGG in the golden files")
	}
}
