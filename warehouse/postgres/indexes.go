package postgres

import (
	"context"

	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Indexer = (*DB)(nil)

// indexesSQL lists the valid, non-partial btree indexes of the relation
// $1 names (resolved through the search_path, as a query would), each with
// its key columns in order; an expression column has a NULL name. A name
// that resolves to nothing gives no rows.
const indexesSQL = `SELECT ic.relname, array_agg(a.attname::text ORDER BY k.ord)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY AS k(attnum, ord)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = to_regclass($1) AND am.amname = 'btree' AND i.indisvalid AND i.indpred IS NULL
GROUP BY ic.relname
ORDER BY ic.relname`

// Indexes lists the btree indexes of table (named as Table names it)
// that a range read can use, from pg_index: partial and not yet valid
// indexes are left out, and each index's columns stop at its first
// expression.
func (db *DB) Indexes(ctx context.Context, name []string) ([]warehouse.Index, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, indexesSQL, quoteName(name))
	if err != nil {
		return nil, mapError(ctx, err)
	}
	defer rows.Close()
	var out []warehouse.Index
	for rows.Next() {
		var idx string
		var cols []*string
		if err := rows.Scan(&idx, &cols); err != nil {
			return nil, mapError(ctx, err)
		}
		ix := warehouse.Index{Name: idx}
		for _, c := range cols {
			if c == nil {
				break
			}
			ix.Columns = append(ix.Columns, *c)
		}
		out = append(out, ix)
	}
	return out, mapError(ctx, rows.Err())
}
