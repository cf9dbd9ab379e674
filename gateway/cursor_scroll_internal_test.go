package gateway

import (
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// TestScrollKeepsBoundedRows: a scrollable cursor keeps at most
// scrollKeepBytes of the rows it read, dropping the oldest; moving back to
// a dropped row fails with 54000 and a hint, while the newest rows stay
// reachable.
func TestScrollKeepsBoundedRows(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	c := &cursor{name: "s"}
	for i := 0; i < 100; i++ {
		c.kept.add([]any{big})
	}
	if c.kept.bytes > scrollKeepBytes {
		t.Fatalf("kept %d bytes, over the %d bound", c.kept.bytes, scrollKeepBytes)
	}
	if c.kept.total() != 100 || c.kept.base == 0 {
		t.Fatalf("total %d, base %d: want 100 rows read and the oldest dropped", c.kept.total(), c.kept.base)
	}
	var got []any
	m := scrollMover{c: c, emit: func(row []any) error { got = row; return nil }}
	c.pos = 100
	if n, err := m.backward(1); err != nil || n != 1 || got == nil || c.pos != 99 {
		t.Fatalf("back one row: %d %v pos %d", n, err, c.pos)
	}
	c.atEnd = true
	_, err := m.to(1)
	if sqlerr.Code(err) != "54000" || !strings.Contains(err.Error(), "no longer holds row 1") {
		t.Fatalf("back to row 1: %v", err)
	}
}
