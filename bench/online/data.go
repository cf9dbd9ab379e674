package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// schema holds the bench's tables in the PostgreSQL database: the
// warehouse's history (item_stats_src) and the latest row per item under a
// primary key (item_latest), the direct lookups' table.
const schema = "pitgate_bench"

// features are the view's columns, in order.
var features = func() []string {
	out := make([]string, 10)
	for i := range out {
		out[i] = fmt.Sprintf("f%d", i)
	}
	return out
}()

// loadData (re)creates the schema with keys items × hours rows of history
// and the latest row per item: the greatest event time, then the greatest
// created time, the rule materialization applies (DESIGN §2.2; the
// generated rows have no other ties).
func loadData(ctx context.Context, dsn string, keys, hours int) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var gen, cols []string
	for _, f := range features {
		gen = append(gen, "random() AS "+f)
		cols = append(cols, f+" float8 NOT NULL")
	}
	stmts := []string{
		"DROP SCHEMA IF EXISTS " + schema + " CASCADE",
		"CREATE SCHEMA " + schema,
		fmt.Sprintf(`CREATE TABLE %s.item_stats_src AS
			SELECT k::int8 AS item_id,
			       timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour' AS event_timestamp,
			       timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour' + interval '5 minutes' AS created,
			       %s
			FROM generate_series(1, %d) AS k, generate_series(0, %d) AS h`, schema, strings.Join(gen, ", "), keys, hours-1),
		fmt.Sprintf("CREATE TABLE %s.item_latest (item_id int8 PRIMARY KEY, event_timestamp timestamptz NOT NULL, %s)",
			schema, strings.Join(cols, ", ")),
		fmt.Sprintf(`INSERT INTO %s.item_latest
			SELECT DISTINCT ON (item_id) item_id, event_timestamp, %s FROM %s.item_stats_src
			ORDER BY item_id, event_timestamp DESC, created DESC`, schema, strings.Join(features, ", "), schema),
		"ANALYZE " + schema + ".item_stats_src",
		"ANALYZE " + schema + ".item_latest",
	}
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(s)[0], err)
		}
	}
	return nil
}

// withSearchPath adds search_path=schema to a postgres:// DSN.
func withSearchPath(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}
