package bigquery

import (
	"context"
	"strings"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// Table describes the table or view table (in the configured dataset),
// dataset.table or project.dataset.table from its metadata (tables.get:
// nothing runs, nothing is billed). Its column types are the ones Query
// reports for the same columns.
func (db *DB) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	t, err := db.tableRef(name)
	if err != nil {
		return nil, err
	}
	md, err := t.Metadata(ctx)
	if err != nil {
		err = mapError(ctx, err)
		if sqlerr.Code(err) == sqlerr.UndefinedTable {
			return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", strings.Join(name, "."))
		}
		return nil, err
	}
	cols, _ := columns(md.Schema)
	return cols, nil
}

// tableRef is the SDK's handle of a qualified name.
func (db *DB) tableRef(name []string) (*bigquery.Table, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	switch len(name) {
	case 1:
		if db.cfg.Dataset == "" {
			return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", name[0]).
				WithHint("no default dataset is configured (warehouse.dataset): write dataset.%s", name[0])
		}
		return db.client.Dataset(db.cfg.Dataset).Table(name[0]), nil
	case 2:
		return db.client.Dataset(name[0]).Table(name[1]), nil
	}
	return db.client.DatasetInProject(name[0], name[1]).Table(name[2]), nil
}

func checkName(name []string) error {
	if len(name) < 1 || len(name) > 3 {
		return sqlerr.New(sqlerr.InvalidName,
			"improper qualified name %q: expected table, dataset.table or project.dataset.table",
			strings.Join(name, "."))
	}
	for _, part := range name {
		if part == "" {
			return sqlerr.New(sqlerr.InvalidName, "improper qualified name %q: empty part", strings.Join(name, "."))
		}
	}
	return nil
}
