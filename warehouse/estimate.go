package warehouse

import "context"

// Estimator is a warehouse that can tell, without running a statement,
// how many bytes it would process: on BigQuery that is what an on-demand
// query is billed by, so EXPLAIN shows it (a dry run). Connectors of
// warehouses that price otherwise do not implement it.
type Estimator interface {
	EstimateBytes(ctx context.Context, sql string) (int64, error)
}
