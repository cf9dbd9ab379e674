package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/warehouse"
)

// memory is what a probe saw over one run: the process's peak resident
// set (VmHWM) and its resident set when the run started, and for
// PostgreSQL the temporary file bytes the database wrote meanwhile.
type memory struct {
	peak, base, temp int64
	hasTemp          bool
}

func (m memory) max(o memory) memory {
	if o.peak > m.peak {
		m.peak, m.base = o.peak, o.base
	}
	m.temp, m.hasTemp = max(m.temp, o.temp), m.hasTemp || o.hasTemp
	return m
}

func (m memory) String() string {
	if m.peak == 0 {
		return "-"
	}
	s := fmt.Sprintf("peak RSS %s (+%s)", mib(m.peak), mib(max(m.peak-m.base, 0)))
	if m.hasTemp {
		s += ", temp files " + mib(m.temp)
	}
	return s
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// memProbe measures one run's memory.
type memProbe interface {
	reset(ctx context.Context) error
	read(ctx context.Context) (memory, error)
}

// procProbe reads a process's peak resident set from /proc, resetting it
// before each run (writing 5 to clear_refs, Linux >= 4.0): for DuckDB the
// bench's own process, which runs the engine; for PostgreSQL the backend
// that runs the queries.
type procProbe struct {
	pid  int
	base int64
}

func (p *procProbe) reset(context.Context) error {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", p.pid), []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the peak RSS of pid %d: %w", p.pid, err)
	}
	st, err := procStatus(p.pid)
	p.base = st["VmRSS"]
	return err
}

func (p *procProbe) read(context.Context) (memory, error) {
	st, err := procStatus(p.pid)
	return memory{peak: st["VmHWM"], base: p.base}, err
}

// procStatus reads the kB fields of /proc/<pid>/status, in bytes.
func procStatus(pid int) (map[string]int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || !strings.HasSuffix(v, " kB") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(v, " kB")), 10, 64)
		if err == nil {
			out[k] = n << 10
		}
	}
	return out, nil
}

// pgProbe is procProbe on the PostgreSQL backend of a one-connection
// pool, plus the database's temp_bytes (work_mem spills) over the run.
// VmHWM counts the shared buffers the backend touched (up to
// shared_buffers); temp_bytes counts every session of the database, so
// other work on it shows there too.
type pgProbe struct {
	procProbe
	wh   warehouse.Warehouse
	temp int64
}

func newPGProbe(ctx context.Context, wh warehouse.Warehouse) (*pgProbe, error) {
	v, err := queryInt(ctx, wh, "SELECT pg_backend_pid()")
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", v)); err != nil {
		return nil, fmt.Errorf("the PostgreSQL backend (pid %d) is not a process on this machine: %w", v, err)
	}
	return &pgProbe{procProbe: procProbe{pid: int(v)}, wh: wh}, nil
}

func (p *pgProbe) reset(ctx context.Context) error {
	if err := p.procProbe.reset(ctx); err != nil {
		return err
	}
	t, err := p.tempBytes(ctx)
	p.temp = t
	return err
}

func (p *pgProbe) read(ctx context.Context) (memory, error) {
	m, err := p.procProbe.read(ctx)
	if err != nil {
		return m, err
	}
	t, err := p.tempBytes(ctx)
	m.temp, m.hasTemp = t-p.temp, true
	return m, err
}

func (p *pgProbe) tempBytes(ctx context.Context) (int64, error) {
	// The flush happens when the statement's transaction ends, so the
	// second statement sees the first one's.
	if _, err := queryRow(ctx, p.wh, "SELECT pg_stat_force_next_flush()"); err != nil {
		return 0, err
	}
	if err := p.wh.Exec(ctx, "SELECT pg_stat_clear_snapshot()"); err != nil {
		return 0, err
	}
	return queryInt(ctx, p.wh, "SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()")
}

func queryRow(ctx context.Context, wh warehouse.Warehouse, sql string) ([]any, error) {
	rs, err := wh.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var row []any
	if rs.Next() {
		row = append(row, rs.Values()...)
	}
	return row, rs.Err()
}

func queryInt(ctx context.Context, wh warehouse.Warehouse, sql string) (int64, error) {
	row, err := queryRow(ctx, wh, sql)
	if err != nil {
		return 0, err
	}
	if len(row) != 1 {
		return 0, fmt.Errorf("%s: no row", sql)
	}
	switch v := row[0].(type) {
	case int64:
		return v, nil
	case int32:
		return int64(v), nil
	}
	return 0, fmt.Errorf("%s: got %T", sql, row[0])
}
