package bigquery

import (
	"context"

	"cloud.google.com/go/bigquery"
)

// ExecCount runs one statement and returns the rows a DML statement
// changed, from the job's statistics (warehouse.Counter); 0 for DDL.
func (db *DB) ExecCount(ctx context.Context, sql string) (int64, error) {
	job, err := db.run(ctx, sql)
	if err != nil {
		return 0, err
	}
	status, err := job.Wait(ctx)
	if err == nil {
		err = status.Err()
	}
	if err != nil {
		return 0, db.fail(ctx, job.ID(), err)
	}
	if status.Statistics == nil {
		return 0, nil
	}
	if qs, ok := status.Statistics.Details.(*bigquery.QueryStatistics); ok {
		return qs.NumDMLAffectedRows, nil
	}
	return 0, nil
}
