package planner_test

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/dialects"
)

// FuzzPlan feeds arbitrary SQL to the planner and the DuckDB printer: any
// input may be refused with an error, none may panic (Plan turns a panic
// into an XX000 error, which this test treats as a failure).
func FuzzPlan(f *testing.F) {
	for _, seed := range []string{
		"SELECT 1",
		"SELECT o.order_id, d.conv_rate FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp",
		"SELECT * FROM orders o ASOF JOIN order_scoring s MATCH_CONDITION (o.event_timestamp >= s.event_timestamp) ON s.driver_id = o.driver_id AND s.customer_id = o.customer_id",
		"WITH x AS (SELECT driver_id, count(*) FROM orders GROUP BY 1) SELECT * FROM x ORDER BY 2 DESC LIMIT 3",
		"SELECT DISTINCT ON (driver_id) driver_id, event_timestamp FROM orders ORDER BY driver_id, event_timestamp DESC",
		"SELECT a FROM (VALUES (1), (2)) v(a) UNION SELECT 3 ORDER BY 1",
		"SELECT sum(conv_rate) OVER (PARTITION BY driver_id ORDER BY event_timestamp ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM driver_stats",
		"SET TimeZone = 'UTC'; SHOW ALL; BEGIN; COMMIT",
		"SELECT asof FROM orders asof",
		"SELECT 1 FROM orders ASOF",
		"SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = ANY($1) LIMIT 2",
		"SELECT * FROM (VALUES (1001, 20001), (NULL, 1)) r(d, c) LEFT JOIN online.order_scoring s ON s.driver_id = r.d AND s.customer_id = r.c",
		"INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, conv_rate) VALUES ($1, now(), 0.5)",
		"CALL pitgate.materialize(NULL, '2024-01-01', now())",
	} {
		f.Add(seed)
	}
	p := demoPlanner(f)
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := p.Plan(context.Background(), sql)
		if err != nil {
			if isInternal(err) {
				t.Fatalf("internal error for %q: %v", sql, err)
			}
			return
		}
		for _, st := range stmts {
			if st.Err != nil || st.Query == nil {
				continue
			}
			if _, err := dialects.Print(dialects.DuckDB{}, st.Query.Root); err != nil && isInternal(err) {
				t.Fatalf("printing %q: %v", sql, err)
			}
		}
	})
}
