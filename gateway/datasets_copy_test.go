package gateway_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse"
)

// countingWarehouse is the real warehouse, counting the rows its results
// have handed over so far.
type countingWarehouse struct {
	warehouse.Warehouse
	pulled atomic.Int64
}

func (c *countingWarehouse) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	rows, err := c.Warehouse.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	return &countingRows{Rows: rows, n: &c.pulled}, nil
}

type countingRows struct {
	warehouse.Rows
	n *atomic.Int64
}

func (r *countingRows) Next() bool {
	ok := r.Rows.Next()
	if ok {
		r.n.Add(1)
	}
	return ok
}

// firstWrite holds the client's first CopyData until the test has looked
// at how far the warehouse result has been read.
type firstWrite struct {
	bytes  int64
	onData func()
	once   bool
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if !w.once {
		w.once = true
		w.onData()
	}
	w.bytes += int64(len(p))
	return len(p), nil
}

// TestCopyOutStreams: COPY (query) TO STDOUT sends the first rows while
// most of the warehouse result is still unread. The client stops reading
// at its first CopyData; by then the gateway can only have run ahead by
// what the socket buffers hold, far less than the whole result, which a
// gateway buffering the result would have read completely.
func TestCopyOutStreams(t *testing.T) {
	const total = 1_000_000
	wh := testenv.Warehouse(t, testenv.SmallDemo())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := wh.Exec(ctx, fmt.Sprintf("CREATE TABLE big AS SELECT range AS i, 'row ' || range AS s FROM range(%d)", total)); err != nil {
		t.Fatal(err)
	}
	cw := &countingWarehouse{Warehouse: wh}
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: cw,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	c := connect(t, ctx, addr)
	var atFirst int64
	w := &firstWrite{onData: func() {
		// Let the gateway run ahead until the socket buffers are full.
		for prev := int64(-1); prev != cw.pulled.Load(); {
			prev = cw.pulled.Load()
			time.Sleep(300 * time.Millisecond)
		}
		atFirst = cw.pulled.Load()
	}}
	for _, format := range []string{"csv", "binary"} {
		w.once, w.bytes, atFirst = false, 0, 0
		cw.pulled.Store(0)
		tag, err := c.PgConn().CopyTo(ctx, w, "COPY (SELECT i, s FROM big) TO STDOUT WITH (FORMAT "+format+")")
		if err != nil || tag.String() != fmt.Sprintf("COPY %d", total) {
			t.Fatalf("%s: %v %q", format, err, tag)
		}
		if atFirst <= 0 || atFirst > total/2 {
			t.Errorf("%s: at the client's first CopyData the gateway had read %d of %d warehouse rows; streaming reads at most what the socket buffers hold", format, atFirst, total)
		}
		if format == "csv" && w.bytes < total*8 {
			t.Errorf("csv: %d bytes for %d rows", w.bytes, total)
		}
		t.Logf("%s: %d of %d rows read from the warehouse when the first bytes arrived; %d bytes copied", format, atFirst, total, w.bytes)
	}
}
