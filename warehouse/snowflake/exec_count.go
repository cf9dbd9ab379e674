package snowflake

import "context"

// ExecCount runs one statement and returns the rows it changed
// (warehouse.Counter): Snowflake reports them for DML.
func (db *DB) ExecCount(ctx context.Context, sql string) (int64, error) {
	res, err := db.sql.ExecContext(ctx, sql)
	if err != nil {
		return 0, mapError(ctx, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, mapError(ctx, err)
	}
	return n, nil
}
