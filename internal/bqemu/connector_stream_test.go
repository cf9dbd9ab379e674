package bqemu

import (
	"context"
	"math"
	"runtime"
	"strings"
	"testing"

	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// TestConnectorStreamsPages reads a 200,000-row result (over 50 MB as Go
// rows) in 10,000-row pages and samples the heap every 10,000 rows: the
// part of it in use by everything but the emulator (the connector, the
// SDK, HTTP, JSON decoding) must grow far less than holding the result
// would take. The emulator runs in this process, keeps the whole result
// and grows its GoogleSQL engine's WebAssembly memory as it serves pages
// (about 130 MB here), so it is told apart by its allocations' stacks in
// the heap profile; the whole heap's growth is logged too. To show the
// measurement sees rows a reader holds, the test keeps every tenth row:
// the growth must be at least about those rows' bytes (the profile is
// sampled), and at most that plus a quarter of the whole result.
func TestConnectorStreamsPages(t *testing.T) {
	const n, pad, page = 200_000, 200, 10_000
	defer setProfileRate(16 << 10)()
	db, log := startConnector(t, bq.Config{PageRows: page})
	ctx := context.Background()
	r, err := db.Query(ctx, "SELECT n, REPEAT('x', 200) AS pad FROM UNNEST(GENERATE_ARRAY(1, 200000)) AS n")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	base, baseClient := liveHeap(), clientHeap()
	var maxGrowth, maxClient uint64
	rows, sum := 0, int64(0)
	var kept [][]any
	for r.Next() {
		v := r.Values()
		if rows%10 == 0 {
			kept = append(kept, v)
		}
		sum += v[0].(int64)
		if len(v[1].(string)) != pad {
			t.Fatalf("row %d: pad of %d bytes", rows, len(v[1].(string)))
		}
		rows++
		if rows%10_000 == 0 {
			if h := liveHeap(); h > base && h-base > maxGrowth {
				maxGrowth = h - base
			}
			if h := clientHeap(); h > baseClient && h-baseClient > maxClient {
				maxClient = h - baseClient
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if rows != n || sum != int64(n)*(n+1)/2 {
		t.Fatalf("%d rows, sum %d", rows, sum)
	}
	// Holding the rows: per row a []any of two values (2*16 bytes and a
	// 24-byte header), a boxed int64 and the pad's bytes; no allocator
	// overhead counted, so the real figure is larger.
	const perRow = 2*16 + 24 + 8 + pad
	held, keptBytes := uint64(n*perRow), uint64(len(kept)*perRow)
	pages := len(log.matching("GET", "/queries/"))
	t.Logf("%d rows in %d page requests; while reading, the heap outside the emulator grew by at most %.1f MB "+
		"(the whole heap, emulator included, by %.1f MB), of which the test's %d kept rows take at least %.1f MB; "+
		"holding all rows would take at least %.1f MB",
		rows, pages, float64(maxClient)/1e6, float64(maxGrowth)/1e6, len(kept), float64(keptBytes)/1e6, float64(held)/1e6)
	// The profile samples allocations (one per 16 KB on average), so its
	// figure is an estimate: a fifth below the kept rows' lower bound is
	// sampling noise, more means the measurement misses them.
	if maxClient < keptBytes*4/5 {
		t.Errorf("the measured growth %d is well below the %d bytes of the rows the test keeps: it does not see the reader's rows", maxClient, keptBytes)
	}
	if maxClient > keptBytes+held/4 {
		t.Errorf("the heap outside the emulator grew by %d bytes while streaming, more than the kept rows' %d and a quarter of the %d bytes the result takes",
			maxClient, keptBytes, held)
	}
	runtime.KeepAlive(kept)
	if pages < n/page {
		t.Errorf("%d page requests for %d rows of %d-row pages", pages, n, page)
	}
}

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// emulatorFrames mark allocations made by the emulator and its engine.
var emulatorFrames = []string{"goccy/bigquery-emulator", "goccy/googlesqlite", "goccy/googlesqlwasm2go",
	"goccy/go-googlesql", "ncruces/go-sqlite3"}

// clientHeap estimates the bytes in use, as of the last collection, by
// allocations no emulator frame made, from the heap profile's samples
// scaled as pprof scales them.
func clientHeap() uint64 {
	runtime.GC()
	runtime.GC() // the profile shows the state of the last completed cycle
	var recs []runtime.MemProfileRecord
	n, _ := runtime.MemProfile(nil, false)
	for {
		recs = make([]runtime.MemProfileRecord, n+64)
		var ok bool
		if n, ok = runtime.MemProfile(recs, false); ok {
			recs = recs[:n]
			break
		}
	}
	rate := float64(runtime.MemProfileRate)
	var total float64
	for _, r := range recs {
		if r.InUseBytes() == 0 || r.AllocObjects == 0 || byEmulator(r.Stack()) {
			continue
		}
		avg := float64(r.AllocBytes) / float64(r.AllocObjects)
		total += float64(r.InUseBytes()) / (1 - math.Exp(-avg/rate))
	}
	return uint64(total)
}

func byEmulator(stack []uintptr) bool {
	frames := runtime.CallersFrames(stack)
	for {
		f, more := frames.Next()
		for _, m := range emulatorFrames {
			if strings.Contains(f.Function, m) {
				return true
			}
		}
		if !more {
			return false
		}
	}
}

// setProfileRate samples the heap finer for the test's duration.
func setProfileRate(rate int) (restore func()) {
	old := runtime.MemProfileRate
	runtime.MemProfileRate = rate
	return func() { runtime.MemProfileRate = old }
}
