package gateway

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// schemaTTL is how long a table's schema is trusted before it is asked
// again: binding a query must not cost a warehouse round trip per table,
// and a table changed by another process is seen at most this late.
const schemaTTL = 5 * time.Second

// tableCache answers planner.Tables from the warehouse, caching schemas.
type tableCache struct {
	wh    warehouse.Warehouse
	mu    sync.Mutex
	cache map[string]cachedTable
	// ver changes whenever a schema read differs from the one cached, or
	// the cache is dropped: prepared statements re-plan then (replan.go).
	ver atomic.Uint64
	idx indexCache // table_indexes.go
}

type cachedTable struct {
	cols []planner.TableColumn
	at   time.Time
}

func newTableCache(wh warehouse.Warehouse) *tableCache {
	return &tableCache{wh: wh, cache: map[string]cachedTable{}}
}

// TablesOf describes a warehouse's tables to the planner, caching each
// schema for a few seconds.
func TablesOf(wh warehouse.Warehouse) planner.Tables { return newTableCache(wh) }

func (t *tableCache) Table(ctx context.Context, name []string) ([]planner.TableColumn, error) {
	key := strings.Join(name, "\x00")
	t.mu.Lock()
	c, ok := t.cache[key]
	t.mu.Unlock()
	if ok && time.Since(c.at) < schemaTTL {
		return c.cols, nil
	}
	wcols, err := t.wh.Table(ctx, name)
	if err != nil {
		// A schema once read keeps serving while the warehouse cannot
		// answer, so that online statements (which need only their
		// sources' types) plan with the warehouse down. A table the
		// warehouse says is gone is gone.
		if ok && sqlerr.Code(err) != sqlerr.UndefinedTable {
			return c.cols, nil
		}
		return nil, err
	}
	cols := make([]planner.TableColumn, len(wcols))
	for i, wc := range wcols {
		cols[i] = planner.TableColumn{Name: wc.Name, Type: wc.Type}
	}
	if ok && !sameTableColumns(c.cols, cols) {
		t.ver.Add(1)
	}
	t.mu.Lock()
	t.cache[key] = cachedTable{cols: cols, at: time.Now()}
	t.mu.Unlock()
	return cols, nil
}

// forget drops every cached schema (after pitgate itself changed tables).
func (t *tableCache) forget() {
	t.mu.Lock()
	t.cache = map[string]cachedTable{}
	t.mu.Unlock()
	t.idx.forget()
	t.ver.Add(1)
}
