package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/postgres"
)

// Session temporary tables that outlive the gateway (BigQuery):
//
//	warehouse:
//	  scratch_dataset: pitgate_scratch   # dataset or project.dataset, created if missing
//	  scratch_expiration: 24h            # Go duration: the tables' expiration backstop
//	state:
//	  instance: gw-1                     # default: host name and listen address
//
// Each one is recorded in state: (temp_tables.json, or the row
// "temp_tables" of pitgate_state) and the next start of the same
// instance drops those a killed run left (gateway/temp_scratch.go).

// scratchExpiry is scratch_expiration; 0 when unset (the connector's
// default, 24 h).
func (w WarehouseConfig) scratchExpiry() (time.Duration, error) {
	if w.ScratchExpiration == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(w.ScratchExpiration)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("warehouse.scratch_expiration %q: want a positive Go duration such as 24h", w.ScratchExpiration)
	}
	return d, nil
}

// instance is state.instance, by default the host name and the listen
// address: two gateways on one host listen on different addresses.
func (c *Config) instance() string {
	if c.State.Instance != "" {
		return c.State.Instance
	}
	host, _ := os.Hostname()
	return host + "/" + c.Listen
}

// openTempTables opens the records of the temporary tables to sweep
// beside state:; nil for warehouses whose temporary tables end with their
// connection (all but BigQuery).
func openTempTables(ctx context.Context, w WarehouseConfig, c StateConfig) (*online.TempTables, func(), error) {
	if w.Type != "bigquery" {
		return nil, func() {}, nil
	}
	if c.Type == "postgres" {
		tt, b, err := postgres.OpenTempTables(ctx, postgres.StateOptions{DSN: c.DSN})
		if err != nil {
			return nil, nil, err
		}
		return tt, b.Close, nil
	}
	tt, err := online.OpenTempTables(filepath.Join(c.Path, online.TempTablesFile))
	return tt, func() {}, err
}
