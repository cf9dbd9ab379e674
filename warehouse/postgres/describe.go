package postgres

import (
	"context"

	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Describer = (*DB)(nil)

// Describe prepares sql as the unnamed statement on a pooled connection
// and reads its result description: PostgreSQL parses and plans it, and
// runs nothing. The columns are those Query would report.
func (db *DB) Describe(ctx context.Context, sql string) ([]warehouse.Column, error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	defer conn.Release()
	sd, err := conn.Conn().PgConn().Prepare(ctx, "", sql, nil)
	if err != nil {
		return nil, mapError(ctx, err)
	}
	cols := make([]warehouse.Column, len(sd.Fields))
	for i, fd := range sd.Fields {
		cols[i], _ = column(fd)
	}
	return cols, nil
}
