package bqemu

import (
	"context"
	"strings"
	"testing"

	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// TestConnectorJobConfig checks on the wire what the emulator accepts but
// does not act on: every query job carries the configured labels,
// maximum_bytes_billed and default dataset, under a job ID of the
// connector's; the estimate is a dry run. (That BigQuery refuses a query
// over the byte limit, and bills and reports by the labels, is untested:
// the emulator ignores both.)
func TestConnectorJobConfig(t *testing.T) {
	db, log := startConnector(t, bq.Config{Labels: map[string]string{"team": "ml"}, MaxBytesBilled: 1 << 30})
	ctx := context.Background()
	r, err := db.Query(ctx, "SELECT 1 AS one")
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, r)
	if _, err := db.EstimateBytes(ctx, "SELECT 1 AS one"); err != nil {
		t.Fatal(err)
	}
	bodies := log.jobBodies()
	if len(bodies) != 2 {
		t.Fatalf("%d jobs.insert requests, want 2 (query, dry run): %v", len(bodies), bodies)
	}
	for _, b := range bodies {
		for _, want := range []string{`"labels":{"team":"ml"}`, `"maximumBytesBilled":"1073741824"`,
			`"defaultDataset":{"datasetId":"` + connectorDataset + `"`} {
			if !strings.Contains(b, want) {
				t.Errorf("job lacks %s:\n%s", want, b)
			}
		}
	}
	if !strings.Contains(bodies[0], `"jobId":"pitgate_`) || strings.Contains(bodies[0], `"dryRun":true`) {
		t.Errorf("query job:\n%s", bodies[0])
	}
	if !strings.Contains(bodies[1], `"dryRun":true`) {
		t.Errorf("estimate is not a dry run:\n%s", bodies[1])
	}
}
