package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

// result is one query's runs: the median time, the rows of the last run,
// each run's result hash and the peak memory its probe saw.
type result struct {
	median   time.Duration
	rows     int64
	hashes   []string
	peak     memory
	timedOut bool
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ratio(a, b result) float64 { return float64(a.median) / float64(b.median) }

// measureAll runs each query runs times, reading and hashing every row,
// in rounds (every query once, then every query again), so that a change
// of the machine's load meets every query alike; it prints a line per
// query. A run longer than timeout is cancelled and the query is not run
// again (timedOut, median = timeout). probe, when not nil, is reset
// before each run and read after it; a query's peak is its largest.
func measureAll(ctx context.Context, wh warehouse.Warehouse, queries []named, o options, probe memProbe) (map[string]result, error) {
	results := make([]result, len(queries))
	times := make([][]time.Duration, len(queries))
	for round := 0; round < o.runs; round++ {
		for i, q := range queries {
			if results[i].timedOut {
				continue
			}
			if err := runOnce(ctx, wh, q.sql, o.timeout, probe, &results[i], &times[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", q.name, err)
			}
		}
	}
	out := map[string]result{}
	for i, q := range queries {
		r := results[i]
		if !r.timedOut {
			sort.Slice(times[i], func(a, b int) bool { return times[i][a] < times[i][b] })
			r.median = times[i][len(times[i])/2]
		}
		out[q.name] = r
		if r.timedOut {
			fmt.Printf("%-20s TIMED OUT after %v (%d runs finished before)\n", q.name, o.timeout, len(times[i]))
			continue
		}
		fmt.Printf("%-20s median %9.1f ms  rows %d  %s  hash %s\n", q.name, ms(r.median), r.rows, r.peak, hashSummary(r))
	}
	return out, nil
}

// runOnce runs sql once into r and times.
func runOnce(ctx context.Context, wh warehouse.Warehouse, sql string, timeout time.Duration, probe memProbe, r *result, times *[]time.Duration) error {
	if probe != nil {
		if err := probe.reset(ctx); err != nil {
			return err
		}
	}
	start := time.Now()
	rows, h, err := readAll(ctx, wh, sql, timeout)
	elapsed := time.Since(start)
	if errors.Is(err, context.DeadlineExceeded) {
		r.timedOut, r.median = true, timeout
		return nil
	}
	if err != nil {
		return err
	}
	if probe != nil {
		m, err := probe.read(ctx)
		if err != nil {
			return err
		}
		r.peak = r.peak.max(m)
	}
	r.rows = rows
	r.hashes = append(r.hashes, h.String())
	*times = append(*times, elapsed)
	return nil
}

func readAll(ctx context.Context, wh warehouse.Warehouse, sql string, timeout time.Duration) (int64, rowsHash, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var h rowsHash
	rs, err := wh.Query(ctx, sql)
	if err != nil {
		return 0, h, deadline(ctx, err)
	}
	var n int64
	for rs.Next() {
		h.add(rs.Values())
		n++
	}
	err = rs.Err()
	rs.Close()
	return n, h, deadline(ctx, err)
}

// deadline reports a query cancelled by its timeout as DeadlineExceeded,
// whatever error the warehouse made of the cancellation.
func deadline(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		return context.DeadlineExceeded
	}
	return err
}

// rowsHash hashes a result as a multiset of rows: the sum and the xor of
// the rows' 64-bit hashes, so it does not depend on the order the engine
// returns rows in (none of the queries has an ORDER BY) and equals the
// hash of the result sorted. It is cheap (no formatting) because it runs
// inside the timed loop, for every query alike.
type rowsHash struct{ sum, xor uint64 }

func (h rowsHash) String() string { return fmt.Sprintf("%016x%016x", h.sum, h.xor) }

func (h *rowsHash) add(vals []any) {
	r := uint64(len(vals))
	for _, v := range vals {
		r = mix(r*0x100000001b3 ^ valueHash(v))
	}
	h.sum += r
	h.xor ^= mix(r ^ 0x9e3779b97f4a7c15)
}

func valueHash(v any) uint64 {
	switch v := v.(type) {
	case nil:
		return 0x51
	case bool:
		if v {
			return 0x52
		}
		return 0x53
	case int64:
		return mix(uint64(v) ^ 1)
	case int32:
		return mix(uint64(v) ^ 1)
	case int16:
		return mix(uint64(v) ^ 1)
	case float64:
		return mix(math.Float64bits(v) ^ 2)
	case float32:
		return mix(math.Float64bits(float64(v)) ^ 2)
	case string:
		return strHash(v)
	case time.Time:
		return mix(uint64(v.UnixMicro()) ^ 3)
	}
	return strHash(fmt.Sprint(v)) // not among the bench's column types
}

// strHash is FNV-1a: stable across processes, unlike hash/maphash.
func strHash(s string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 0x100000001b3
	}
	return h
}

// mix is splitmix64's finalizer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// sameHashes says whether every run gave the same result.
func sameHashes(hs []string) bool {
	for _, h := range hs {
		if h != hs[0] {
			return false
		}
	}
	return true
}

func hashSummary(r result) string {
	if len(r.hashes) == 0 {
		return "-"
	}
	if sameHashes(r.hashes) {
		return fmt.Sprintf("%s (x%d, identical)", r.hashes[0][:12], len(r.hashes))
	}
	short := make([]string, len(r.hashes))
	for i, h := range r.hashes {
		short[i] = h[:12]
	}
	return strings.Join(short, " ") + " (DIFFERENT)"
}
