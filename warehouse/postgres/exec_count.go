package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ExecCount runs one statement and returns the rows its command tag
// counts (warehouse.Counter).
func (db *DB) ExecCount(ctx context.Context, sql string) (int64, error) {
	tag, err := db.pool.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return 0, mapError(ctx, err)
	}
	return tag.RowsAffected(), nil
}

// ExecCount runs one statement on the pinned connection (warehouse.Counter).
func (s *session) ExecCount(ctx context.Context, sql string) (int64, error) {
	tag, err := s.conn.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return 0, mapError(ctx, err)
	}
	return tag.RowsAffected(), nil
}
