package bigquery

import (
	"context"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/warehouse"
)

// Describe dry-runs sql: BigQuery parses, validates and plans it, reports
// its result schema, and runs and bills nothing. Where a dry run reports
// no schema for a SELECT (the emulator does not fill it in), the query is
// run and its first page's schema read instead.
func (db *DB) Describe(ctx context.Context, sql string) ([]warehouse.Column, error) {
	qs, _, err := db.dryRun(ctx, sql)
	if err != nil {
		return nil, err
	}
	if qs == nil || (len(qs.Schema) == 0 && qs.StatementType == "SELECT") {
		r, err := db.Query(ctx, sql)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return r.Columns(), nil
	}
	cols, _ := columns(qs.Schema)
	return cols, nil
}

// EstimateBytes is how many bytes sql would process (and, on on-demand
// pricing, bill), from a dry run: the figure BigQuery's console shows
// before a query runs.
func (db *DB) EstimateBytes(ctx context.Context, sql string) (int64, error) {
	_, total, err := db.dryRun(ctx, sql)
	return total, err
}

// dryRun is a dry-run job of sql with the configuration's defaults; it
// returns the job's query statistics and total bytes processed.
func (db *DB) dryRun(ctx context.Context, sql string) (*bigquery.QueryStatistics, int64, error) {
	q := db.query(sql)
	q.DryRun = true
	job, err := q.Run(ctx)
	if err != nil {
		return nil, 0, mapError(ctx, err)
	}
	st := job.LastStatus()
	if st == nil {
		return nil, 0, nil
	}
	if err := st.Err(); err != nil {
		return nil, 0, mapError(ctx, err)
	}
	if st.Statistics == nil {
		return nil, 0, nil
	}
	qs, _ := st.Statistics.Details.(*bigquery.QueryStatistics)
	return qs, st.Statistics.TotalBytesProcessed, nil
}
