package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// result is one measured run: latencies of every query and the wall time.
type result struct {
	avg, p50, p99 time.Duration
	tps           float64
}

func summarize(lat []time.Duration, wall time.Duration) result {
	if len(lat) == 0 {
		return result{}
	}
	slices.Sort(lat)
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	return result{avg: sum / time.Duration(len(lat)), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100],
		tps: float64(len(lat)) / wall.Seconds()}
}

// target is where lookups go: pitgate's online view or PostgreSQL's table.
type target struct {
	name  string
	url   string
	table string // online.item_stats or pitgate_bench.item_latest
}

func (t target) query(batch int) string {
	cols := strings.Join(features, ", ")
	if batch == 1 {
		return fmt.Sprintf("SELECT %s FROM %s WHERE item_id = $1", cols, t.table)
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE item_id = ANY($1)", cols, t.table)
}

// runPgx runs conns connections, each a pgx.Conn in its default mode
// (statements prepared once and cached, binary results), for d, every
// query batch random keys out of 1..keys; every row is scanned.
func runPgx(ctx context.Context, t target, conns, batch, keys int, d time.Duration) (result, error) {
	cs := make([]*pgx.Conn, conns)
	for i := range cs {
		c, err := pgx.Connect(ctx, t.url)
		if err != nil {
			return result{}, err
		}
		defer c.Close(context.Background())
		cs[i] = c
	}
	sql := t.query(batch)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		all  []time.Duration
		fail error
	)
	start := time.Now()
	deadline := start.Add(d)
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, err := loop(ctx, c, sql, batch, keys, uint64(i), deadline)
			mu.Lock()
			defer mu.Unlock()
			all = append(all, lat...)
			if err != nil && fail == nil {
				fail = err
			}
		}()
	}
	wg.Wait()
	return summarize(all, time.Since(start)), fail
}

func loop(ctx context.Context, c *pgx.Conn, sql string, batch, keys int, seed uint64, deadline time.Time) ([]time.Duration, error) {
	rng := rand.New(rand.NewPCG(seed, 42))
	ids := make([]int64, batch)
	vals := make([]float64, len(features))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	lat := make([]time.Duration, 0, 1<<16)
	for time.Now().Before(deadline) {
		distinctKeys(rng, ids, keys)
		arg := any(ids[0])
		if batch > 1 {
			arg = ids
		}
		began := time.Now()
		rows, _ := c.Query(ctx, sql, arg)
		n := 0
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return lat, err
			}
			n++
		}
		if err := rows.Err(); err != nil {
			return lat, err
		}
		lat = append(lat, time.Since(began))
		if n != batch {
			return lat, fmt.Errorf("%d rows for %d keys", n, batch)
		}
	}
	return lat, nil
}

// distinctKeys fills ids with distinct random keys out of 1..keys:
// PostgreSQL answers = ANY with one row per distinct key, pitgate one per
// requested key.
func distinctKeys(rng *rand.Rand, ids []int64, keys int) {
	for i := range ids {
		for {
			ids[i] = 1 + rng.Int64N(int64(keys))
			if !slices.Contains(ids[:i], ids[i]) {
				break
			}
		}
	}
}

// checkSame compares the rows of n random keys read from both targets:
// the bench measures the same answers.
func checkSame(ctx context.Context, a, b target, keys, n int) error {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = 1 + rand.Int64N(int64(keys))
	}
	read := func(t target) ([][]float64, error) {
		c, err := pgx.Connect(ctx, t.url)
		if err != nil {
			return nil, err
		}
		defer c.Close(ctx)
		var out [][]float64
		for _, id := range ids {
			vals := make([]float64, len(features))
			dest := make([]any, len(vals))
			for i := range vals {
				dest[i] = &vals[i]
			}
			if err := c.QueryRow(ctx, t.query(1), id).Scan(dest...); err != nil {
				return nil, fmt.Errorf("%s, item %d: %w", t.name, id, err)
			}
			out = append(out, vals)
		}
		return out, nil
	}
	ra, err := read(a)
	if err != nil {
		return err
	}
	rb, err := read(b)
	if err != nil {
		return err
	}
	for i := range ids {
		if !slices.Equal(ra[i], rb[i]) {
			return fmt.Errorf("item %d: %s has %v, %s has %v", ids[i], a.name, ra[i], b.name, rb[i])
		}
	}
	return nil
}
