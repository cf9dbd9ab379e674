package warehousetest

import (
	"context"
	"runtime"
	"testing"

	"github.com/pitgate/pitgate/warehouse"
)

// Stream is a result to read in full while the Go heap is watched.
type Stream struct {
	// SQL returns Rows rows whose first column is 1, 2, ..., Rows (any Go
	// integer) and whose second is a text of PadBytes bytes.
	SQL            string
	Rows, PadBytes int64
	// MaxHeapGrowth bounds HeapInuse above what it was before the query.
	MaxHeapGrowth uint64
}

// StreamBounded reads every row of s.SQL from q and fails when the heap
// in use grows by more than s.MaxHeapGrowth at any sample, or when the
// rows are not exactly those asked for (their count and the sum of the
// first column). The rows read amount to s.Rows*s.PadBytes bytes of text,
// which the caller makes many times the bound: a connector that buffered
// the result, or kept the rows it handed over, fails.
func StreamBounded(t *testing.T, q interface {
	Query(ctx context.Context, sql string) (warehouse.Rows, error)
}, s Stream) {
	t.Helper()
	if total := uint64(s.Rows * s.PadBytes); total < 10*s.MaxHeapGrowth {
		t.Fatalf("the stream (%d bytes) must be at least 10x the heap bound (%d)", total, s.MaxHeapGrowth)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	rows, err := q.Query(context.Background(), s.SQL)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	every := s.Rows / 50
	if every == 0 {
		every = 1
	}
	var n, sum, padBytes int64
	for rows.Next() {
		v := rows.Values()
		n++
		id, ok := asInt(v[0])
		if !ok {
			t.Fatalf("row %d: first column %T, want an integer", n, v[0])
		}
		sum += id
		if pad, ok := v[1].(string); ok {
			padBytes += int64(len(pad))
		}
		if n%every == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("after %d rows: %v", n, err)
	}
	if want := s.Rows * (s.Rows + 1) / 2; n != s.Rows || sum != want || padBytes != s.Rows*s.PadBytes {
		t.Fatalf("read %d rows (sum %d, %d text bytes), want %d (sum %d, %d bytes)",
			n, sum, padBytes, s.Rows, want, s.Rows*s.PadBytes)
	}
	growth := peak - min(peak, base)
	t.Logf("streamed %d rows, %d MB of text; heap in use grew by at most %.1f MB (bound %.1f MB)",
		n, padBytes>>20, float64(growth)/(1<<20), float64(s.MaxHeapGrowth)/(1<<20))
	if growth > s.MaxHeapGrowth {
		t.Errorf("heap in use grew by %d bytes while streaming, more than the bound %d", growth, s.MaxHeapGrowth)
	}
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	}
	return 0, false
}
