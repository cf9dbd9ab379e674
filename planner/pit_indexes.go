package planner

import (
	"context"

	"github.com/pitgate/pitgate/plan"
)

// TableIndexes is a Tables that can also list a table's ordered indexes
// (btrees), each as its leading key column names in order. With it the
// planner marks the PIT joins whose candidates are one index range
// (plan.PITJoin.RightIndexed), which a dialect may lower as one index
// lookup per left row.
type TableIndexes interface {
	TableIndexes(ctx context.Context, name []string) ([][]string, error)
}

// noteIndex sets pj.RightIndexed when pj's right side reads a warehouse
// table, through projections of plain columns and filters, that has a
// btree leading with the join keys' columns (in any order) and then the
// time column. Not knowing is not an error: the mark only picks a faster
// strategy, so a failed lookup leaves it off.
func (b *binder) noteIndex(pj *plan.PITJoin) {
	ti, ok := b.p.tables.(TableIndexes)
	if !ok {
		return
	}
	table, names := tableColumnsOf(pj.Right)
	if table == nil || table.Open {
		return
	}
	ts, ok := names[pj.RightTS]
	if !ok {
		return
	}
	keys := map[string]bool{}
	for _, k := range pj.Keys {
		name, ok := names[k.Right]
		if !ok {
			return
		}
		keys[name] = true
	}
	indexes, err := ti.TableIndexes(b.ctx, table.Name)
	if err != nil {
		return
	}
	for _, cols := range indexes {
		if leadsWith(cols, keys, ts) {
			pj.RightIndexed = true
			return
		}
	}
}

// leadsWith reports whether cols starts with exactly the names in keys,
// in any order, followed by ts.
func leadsWith(cols []string, keys map[string]bool, ts string) bool {
	if len(cols) < len(keys)+1 || cols[len(keys)] != ts {
		return false
	}
	seen := map[string]bool{}
	for _, c := range cols[:len(keys)] {
		if !keys[c] || seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}

// tableColumnsOf follows n down to the table it reads, through Filters
// and through Projects whose columns are plain column references, and
// returns the table with the table column name behind each of n's
// columns that is one; nil when n is anything else (a join, a subquery
// that computes, VALUES).
func tableColumnsOf(n plan.Node) (*plan.Table, map[plan.ColumnID]string) {
	switch n := n.(type) {
	case *plan.Table:
		names := map[plan.ColumnID]string{}
		for _, c := range n.Cols {
			names[c.ID] = c.Name
		}
		return n, names
	case *plan.Filter:
		return tableColumnsOf(n.Input)
	case *plan.Project:
		t, inner := tableColumnsOf(n.Input)
		if t == nil {
			return nil, nil
		}
		names := map[plan.ColumnID]string{}
		for i, e := range n.Exprs {
			if ref, ok := e.(*plan.ColRef); ok {
				if name, ok := inner[ref.ID]; ok {
					names[n.Cols[i].ID] = name
				}
			}
		}
		return t, names
	}
	return nil, nil
}
