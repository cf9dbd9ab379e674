package warehouse

import "context"

// Index is an ordered index of a table usable for range reads: a valid,
// non-partial btree (or the engine's equivalent). Columns are its leading
// key columns in order, up to the first one that is an expression.
type Index struct {
	Name    string
	Columns []string
}

// Indexer is a warehouse that can list a table's ordered indexes, so that
// the planner can tell a PIT join whose candidates are one index range
// (docs/query-language.md, "How ASOF joins are computed"). A view, or a
// name that is no table, has none.
type Indexer interface {
	Indexes(ctx context.Context, name []string) ([]Index, error)
}
