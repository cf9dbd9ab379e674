package postgres

import (
	"context"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// SQLSTATEs a describe can meet for a relation that is not there.
const (
	invalidSchemaName  = "3F000"
	invalidCatalogName = "3D000"
)

// Table describes the table or view table, schema.table or
// db.schema.table (db must be the connected database), resolved as a query
// would resolve it: an unqualified name through the connection's
// search_path. Its column types are the ones Query reports for the same
// columns. It prepares SELECT * without running it.
func (db *DB) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	defer conn.Release()
	sd, err := conn.Conn().PgConn().Prepare(ctx, "", "SELECT * FROM "+quoteName(name), nil)
	if err != nil {
		err = mapError(ctx, err)
		switch sqlerr.Code(err) {
		case sqlerr.UndefinedTable, invalidSchemaName, invalidCatalogName:
			return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", strings.Join(name, "."))
		}
		return nil, withoutPosition(err)
	}
	cols := make([]warehouse.Column, len(sd.Fields))
	for i, fd := range sd.Fields {
		cols[i], _ = column(fd)
	}
	return cols, nil
}

// withoutPosition drops a position that points into SQL printed here.
func withoutPosition(err error) error {
	if se, ok := err.(*sqlerr.Error); ok && se.Position != 0 {
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
