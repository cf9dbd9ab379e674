package warehouse

import "context"

// Describer is a warehouse that can tell the columns a statement would
// return without running it: the extended protocol's Describe then costs
// the warehouse a parse and plan, not an execution. Connectors implement
// it where the platform offers that (a prepared statement's description,
// a dry run); the gateway falls back to running the statement under
// LIMIT 0.
type Describer interface {
	Describe(ctx context.Context, sql string) ([]Column, error)
}
