package gateway

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/plan"
)

// The catalog lists the registry's source tables and saved datasets; a
// table a session creates in a writable schema joins them, so that \d
// and information_schema show it (SQLAlchemy's has_table, BI tools). The
// list is the tables created through this gateway since it started, less
// those dropped; a table is described afresh at each rebuild, so one
// dropped behind pitgate's back is left out.

// writtenTables are the tables created in writable schemas.
type writtenTables struct {
	mu    sync.Mutex
	paths map[string][]string
	// rebuild serializes catalog rebuilds, so that the last one to finish
	// saw the latest list.
	rebuild sync.Mutex
}

// tableWritten records a CREATE or DROP of path, drops the cached
// schemas (prepared statements re-plan) and rebuilds the catalog.
func (g *Gateway) tableWritten(ctx context.Context, op plan.WriteOp, path []string) {
	key := strings.Join(path, "\x00")
	g.written.mu.Lock()
	if g.written.paths == nil {
		g.written.paths = map[string][]string{}
	}
	if op == plan.DropTable {
		delete(g.written.paths, key)
	} else {
		g.written.paths[key] = slices.Clone(path)
	}
	g.written.mu.Unlock()
	g.written.rebuild.Lock()
	defer g.written.rebuild.Unlock()
	g.datasetsChanged(ctx) // datasets.go: forget the schemas, rebuild the catalog
}

// writtenCatalog describes the written tables that exist, for the
// catalog; a table the registry reads is listed by the registry already.
func (g *Gateway) writtenCatalog(ctx context.Context) []catalog.Dataset {
	g.written.mu.Lock()
	paths := make([][]string, 0, len(g.written.paths))
	for _, p := range g.written.paths {
		paths = append(paths, p)
	}
	g.written.mu.Unlock()
	slices.SortFunc(paths, func(a, b []string) int { return slices.Compare(a, b) })
	var out []catalog.Dataset
	for _, p := range paths {
		if g.readByRegistry(p) {
			continue
		}
		cols, err := g.wh.Table(context.WithoutCancel(ctx), p)
		if err != nil {
			continue
		}
		out = append(out, catalog.Dataset{Schema: p[len(p)-2], Name: p[len(p)-1], Columns: cols,
			Comment: "Warehouse table " + strings.Join(p, ".") + ", written through pitgate"})
	}
	return out
}

func (g *Gateway) readByRegistry(path []string) bool {
	for _, src := range g.repo.Sources {
		if slices.Equal(src.TableName(), path) {
			return true
		}
	}
	return false
}
