package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync/atomic"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.TextLoader = (*session)(nil)

// stagingSeq names the staging tables of LoadText.
var stagingSeq atomic.Uint64

// LoadText appends rows given as PostgreSQL text to the temporary table
// name. The Appender writes them, as VARCHAR, into a staging TEMP table
// of the same connection (numbered by row, in DuckDB's memory, not
// Go's); one INSERT ... SELECT then casts every value to its column's
// type, as DuckDB casts the quoted literal of the same text (bytea's \x
// hex through from_hex, as the dialect prints a bytea literal), so the
// table holds what an INSERT of the literals would have put there. The
// INSERT is one statement: all rows or none. When it fails, the first row
// whose value does not cast is found in the staging table and the error
// becomes a warehouse.LoadError naming it.
func (s *session) LoadText(ctx context.Context, name string, cols []string, src warehouse.TextSource) (int64, error) {
	types, err := s.columnTypes(ctx, name, cols)
	if err != nil {
		return 0, err
	}
	staging := fmt.Sprintf("pitgate_staging_%d", stagingSeq.Add(1))
	if err := execAll(ctx, s.conn, stagingDDL(staging, len(cols))); err != nil {
		return 0, err
	}
	defer execAll(context.WithoutCancel(ctx), s.conn, "DROP TABLE IF EXISTS "+quoteName(s.TempPath(staging)))
	if err := s.appendText(ctx, staging, len(cols), src); err != nil {
		return 0, err
	}
	n, err := s.count(ctx, castInsert(s.TempPath(name), s.TempPath(staging), cols, types))
	if err != nil {
		return 0, s.badRow(ctx, staging, cols, types, err)
	}
	return n, nil
}

// stagingDDL is the staging table: the row number, then one VARCHAR per
// column (c1, c2, ...).
func stagingDDL(name string, n int) string {
	var b strings.Builder
	b.WriteString("CREATE TEMP TABLE " + quoteIdent(name) + " (line BIGINT")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, ", c%d VARCHAR", i)
	}
	b.WriteString(")")
	return b.String()
}

// columnTypes is the DuckDB type of each of cols in the temporary table.
func (s *session) columnTypes(ctx context.Context, name string, cols []string) ([]string, error) {
	rows, err := s.conn.QueryContext(ctx, `SELECT column_name, data_type FROM duckdb_columns()
		WHERE database_name = 'temp' AND schema_name = 'main' AND table_name = ?`, name)
	if err != nil {
		return nil, mapError(ctx, err, "")
	}
	defer rows.Close()
	byName := map[string]string{}
	for rows.Next() {
		var col, typ string
		if err := rows.Scan(&col, &typ); err != nil {
			return nil, mapError(ctx, err, "")
		}
		byName[col] = typ
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(ctx, err, "")
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		t, ok := byName[c]
		if !ok {
			return nil, sqlerr.New(sqlerr.UndefinedColumn, "column %q of relation %q does not exist", c, name)
		}
		out[i] = t
	}
	return out, nil
}

// appendText appends src's rows to the staging table, numbered from 1.
func (s *session) appendText(ctx context.Context, staging string, ncols int, src warehouse.TextSource) error {
	err := s.conn.Raw(func(dc any) error {
		a, err := newAppender(dc, s.TempPath(staging))
		if err != nil {
			return err
		}
		if err := appendTextRows(ctx, a, ncols, src); err != nil {
			a.Clear()
			a.Close()
			return err
		}
		return a.CloseWithCancel(ctx)
	})
	return mapError(ctx, err, "")
}

func appendTextRows(ctx context.Context, a *duckdb.Appender, ncols int, src warehouse.TextSource) error {
	row := make([]*string, ncols)
	vals := make([]driver.Value, ncols+1)
	var n int64
	for {
		clear(row)
		more, err := src(row)
		if err != nil || !more {
			return err
		}
		n++
		vals[0] = n
		for i, v := range row {
			vals[i+1] = nil
			if v != nil {
				vals[i+1] = *v
			}
		}
		if err := a.AppendRow(vals...); err != nil {
			return err
		}
		if n%cancelCheckRows == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// castInsert is the INSERT of the staging table's rows into the target,
// each value cast to its column's type. DuckDB keeps the insertion order
// of a scan (preserve_insertion_order is on), so the rows go in in order.
func castInsert(target, staging, cols, types []string) string {
	list := make([]string, len(cols))
	exprs := make([]string, len(cols))
	for i, c := range cols {
		list[i] = quoteIdent(c)
		exprs[i] = castText(fmt.Sprintf("c%d", i+1), types[i])
	}
	return "INSERT INTO " + quoteName(target) + " (" + strings.Join(list, ", ") + ") SELECT " +
		strings.Join(exprs, ", ") + " FROM " + quoteName(staging)
}

// castText reads the VARCHAR col as typ, as a cast of a literal does;
// bytea's PostgreSQL text (\x hex) is decoded as the dialect's from_hex.
func castText(col, typ string) string {
	if typ == "BLOB" {
		return "CASE WHEN starts_with(" + col + `, '\x') THEN from_hex(substr(` + col + ", 3)) ELSE CAST(" + col + " AS BLOB) END"
	}
	return "CAST(" + col + " AS " + typ + ")"
}

// badRow finds the first staged row with a value that does not cast and
// reports the cast's own error for it; failed is returned as it is when
// no value is at fault.
func (s *session) badRow(ctx context.Context, staging string, cols, types []string, failed error) error {
	if ctx.Err() != nil {
		return failed
	}
	var conds []string
	for i := range cols {
		c := fmt.Sprintf("c%d", i+1)
		conds = append(conds, fmt.Sprintf("WHEN %s IS NOT NULL AND TRY(%s) IS NULL THEN %d", c, castText(c, types[i]), i))
	}
	q := "SELECT line, col FROM (SELECT line, CASE " + strings.Join(conds, " ") + " END AS col FROM " +
		quoteName(s.TempPath(staging)) + ") WHERE col IS NOT NULL ORDER BY line LIMIT 1"
	var line int64
	var col int
	if err := s.conn.QueryRowContext(ctx, q).Scan(&line, &col); err != nil {
		return failed
	}
	var value string
	vq := fmt.Sprintf("SELECT c%d FROM %s WHERE line = ?", col+1, quoteName(s.TempPath(staging)))
	if err := s.conn.QueryRowContext(ctx, vq, line).Scan(&value); err != nil {
		return failed
	}
	_, castErr := s.conn.ExecContext(ctx, "SELECT "+castText("?", types[col]), value)
	if castErr == nil {
		return failed
	}
	return &warehouse.LoadError{Row: line, Column: cols[col], Value: quoteValue(value),
		Err: withoutPosition(mapError(ctx, castErr, ""))}
}

// quoteValue quotes a rejected value as PostgreSQL's COPY CONTEXT does.
func quoteValue(v string) string { return `"` + v + `"` }
