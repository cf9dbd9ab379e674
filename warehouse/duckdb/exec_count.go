package duckdb

import "context"

// ExecCount runs one statement and returns the rows it changed
// (warehouse.Counter).
func (db *DB) ExecCount(ctx context.Context, sql string) (int64, error) {
	res, err := db.sql.ExecContext(ctx, sql)
	if err != nil {
		return 0, mapError(ctx, err, sql)
	}
	n, err := res.RowsAffected()
	return n, mapError(ctx, err, sql)
}

// ExecCount runs one statement on the pinned connection (warehouse.Counter).
func (s *session) ExecCount(ctx context.Context, sql string) (int64, error) {
	res, err := s.conn.ExecContext(ctx, sql)
	if err != nil {
		return 0, mapError(ctx, err, sql)
	}
	n, err := res.RowsAffected()
	return n, mapError(ctx, err, sql)
}
