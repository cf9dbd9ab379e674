package gateway

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

// indexCache keeps each table's ordered indexes for schemaTTL, as
// tableCache keeps its columns: the planner asks once per PIT join, and a
// statement must not cost a catalog round trip per join. Its zero value
// is empty.
type indexCache struct {
	mu    sync.Mutex
	cache map[string]cachedIndexes
}

type cachedIndexes struct {
	cols [][]string
	at   time.Time
}

func (c *indexCache) forget() {
	c.mu.Lock()
	c.cache = nil
	c.mu.Unlock()
}

// TableIndexes lists the ordered indexes of a warehouse table, each as
// its leading columns (planner.TableIndexes), when the warehouse can tell
// (warehouse.Indexer); otherwise none. The planner uses them to mark PIT
// joins a LATERAL lookup serves (plan.PITJoin.RightIndexed).
func (t *tableCache) TableIndexes(ctx context.Context, name []string) ([][]string, error) {
	ix, ok := t.wh.(warehouse.Indexer)
	if !ok {
		return nil, nil
	}
	key := strings.Join(name, "\x00")
	t.idx.mu.Lock()
	c, ok := t.idx.cache[key]
	t.idx.mu.Unlock()
	if ok && time.Since(c.at) < schemaTTL {
		return c.cols, nil
	}
	indexes, err := ix.Indexes(ctx, name)
	if err != nil {
		return nil, err
	}
	cols := make([][]string, len(indexes))
	for i, x := range indexes {
		cols[i] = x.Columns
	}
	t.idx.mu.Lock()
	if t.idx.cache == nil {
		t.idx.cache = map[string]cachedIndexes{}
	}
	t.idx.cache[key] = cachedIndexes{cols: cols, at: time.Now()}
	t.idx.mu.Unlock()
	return cols, nil
}
