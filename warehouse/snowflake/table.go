package snowflake

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// infoTypes maps information_schema.columns.data_type to the names the
// driver reports for result columns, which columnOf reads.
var infoTypes = map[string]string{"NUMBER": "FIXED", "FLOAT": "REAL"}

// Table describes a table or view from information_schema: one part is a
// name in the session's schema, two are schema.table, three
// database.schema.table. A part PostgreSQL would have folded to lower
// case is looked up upper-cased, as the snowflake dialect prints it.
func (db *DB) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	return tableOn(ctx, db.sql, name)
}

// queryer is a pool or one pinned connection (a session's, which also
// sees its TEMPORARY tables in information_schema).
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func tableOn(ctx context.Context, q queryer, name []string) ([]warehouse.Column, error) {
	if len(name) == 0 || len(name) > 3 {
		return nil, sqlerr.New(sqlerr.InvalidName, "improper qualified name (too many dotted names): %s", strings.Join(name, "."))
	}
	parts := make([]string, len(name))
	for i, p := range name {
		parts[i] = snowflakeName(p)
	}
	info := "information_schema.columns"
	if len(parts) == 3 {
		info = quoteIdent(parts[0]) + "." + info
	}
	schema := "CURRENT_SCHEMA()"
	args := []any{parts[len(parts)-1]}
	if len(parts) >= 2 {
		schema = "?"
		args = []any{parts[len(parts)-2], parts[len(parts)-1]}
	}
	rows, err := q.QueryContext(ctx, "SELECT column_name, data_type, numeric_precision, numeric_scale FROM "+info+
		" WHERE table_schema = "+schema+" AND table_name = ? ORDER BY ordinal_position", args...)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	defer rows.Close()
	var cols []warehouse.Column
	for rows.Next() {
		var col, typ string
		var p, s *int64
		if err := rows.Scan(&col, &typ, &p, &s); err != nil {
			return nil, mapError(ctx, err)
		}
		if t, ok := infoTypes[typ]; ok {
			typ = t
		}
		c, err := columnOf(col, typ, deref(p), deref(s))
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(ctx, err)
	}
	if len(cols) == 0 {
		return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist in Snowflake", strings.Join(name, "."))
	}
	return cols, nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// snowflakeName is the name Snowflake stores for a name PostgreSQL would
// have folded: upper case. Any other name was quoted by its author and is
// kept (the rule of dialects.Snowflake.QuoteIdent).
func snowflakeName(name string) string {
	for i, r := range name {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (i > 0 && (r == '$' || r >= '0' && r <= '9'))) {
			return name
		}
	}
	return strings.ToUpper(name)
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
