package duckdb

import (
	"context"
	"errors"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// Table describes the table or view table, schema.table or
// db.schema.table, resolved as a query would resolve it. Its column types
// are the ones Query reports for the same columns.
func (db *DB) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	// LIMIT 0 binds the relation without reading it, so views and tables
	// in attached databases are described by the same code as results.
	rows, err := db.Query(ctx, "SELECT * FROM "+quoteName(name)+" LIMIT 0")
	if err != nil {
		switch sqlerr.Code(err) {
		case sqlerr.UndefinedTable, invalidSchemaName, invalidCatalogName:
			// A missing schema or database means the relation does not exist.
			return nil, undefinedTable(name, err)
		}
		return nil, withoutPosition(err)
	}
	defer rows.Close()
	cols := rows.Columns()
	return cols, rows.Err()
}

func undefinedTable(name []string, cause error) error {
	e := sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", strings.Join(name, "."))
	var se *sqlerr.Error
	if errors.As(cause, &se) {
		e.Hint = se.Hint
	}
	return e
}

// withoutPosition drops a position that points into SQL printed here.
func withoutPosition(err error) error {
	var se *sqlerr.Error
	if errors.As(err, &se) && se.Position != 0 {
		c := *se
		c.Position = 0
		return &c
	}
	return err
}

func checkName(name []string) error {
	if len(name) < 1 || len(name) > 3 {
		return sqlerr.New(sqlerr.InvalidName,
			"improper qualified name %q: expected table, schema.table or db.schema.table",
			strings.Join(name, "."))
	}
	for _, part := range name {
		if part == "" {
			return sqlerr.New(sqlerr.InvalidName, "improper qualified name %q: empty part",
				strings.Join(name, "."))
		}
	}
	return nil
}

func quoteName(name []string) string {
	quoted := make([]string, len(name))
	for i, part := range name {
		quoted[i] = quoteIdent(part)
	}
	return strings.Join(quoted, ".")
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
