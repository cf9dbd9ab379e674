package warehouse

import "context"

// Counter is a warehouse (or Session) that reports how many rows one
// statement wrote: INSERT, UPDATE, DELETE and CREATE TABLE AS answer
// their clients with the count (the gateway's writes to writable
// schemas).
type Counter interface {
	ExecCount(ctx context.Context, sql string) (rows int64, err error)
}
