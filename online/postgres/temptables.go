package postgres

import (
	"context"

	"github.com/pitgate/pitgate/online"
)

// OpenTempTables keeps the records of the temporary tables to sweep
// (online.TempTables) in the row "temp_tables" (o.Name) of the state
// table of o, created if missing, so that gateway replicas sharing the
// state see each other's runs and tables. Close the returned backend
// when done.
func OpenTempTables(ctx context.Context, o StateOptions) (*online.TempTables, *StateBackend, error) {
	if o.Name == "" {
		o.Name = "temp_tables"
	}
	_, b, err := OpenState(ctx, StateOptions{DSN: o.DSN, Schema: o.Schema, Table: o.Table, Name: o.Name})
	if err != nil {
		return nil, nil, err
	}
	tt, err := online.NewTempTables(b)
	if err != nil {
		b.Close()
		return nil, nil, err
	}
	return tt, b, nil
}
