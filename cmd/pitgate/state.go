package main

import (
	"context"
	"path/filepath"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/postgres"
)

// openState opens state: (DESIGN §4): the JSON file STATE/materialized.json
// (embedded), or a row of the table pitgate_state in state.dsn's
// search_path (postgres), which gateways and materialize runs sharing that
// database share. close releases what it holds.
func openState(ctx context.Context, c StateConfig) (st *online.State, close func(), err error) {
	if c.Type == "postgres" {
		st, b, err := postgres.OpenState(ctx, postgres.StateOptions{DSN: c.DSN})
		if err != nil {
			return nil, nil, err
		}
		return st, b.Close, nil
	}
	st, err = online.OpenState(filepath.Join(c.Path, online.StateFile))
	return st, func() {}, err
}
