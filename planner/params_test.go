package planner_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/plan"
)

func TestParamTypesFromContext(t *testing.T) {
	p := demoPlanner(t)
	cases := []struct {
		name, sql string
		want      []plan.Type
	}{
		{"none", "SELECT order_id FROM orders", nil},
		{"compared with columns", "SELECT order_id FROM orders o WHERE o.driver_id = $1 AND o.event_timestamp >= $2",
			[]plan.Type{"int8", "timestamptz"}},
		{"column on the right", "SELECT 1 FROM orders WHERE $1 < order_id", []plan.Type{"int8"}},
		{"feature view column", "SELECT conv_rate FROM driver_hourly_stats WHERE driver_id = $1 AND conv_rate > $2",
			[]plan.Type{"int8", "float8"}},
		{"limit and offset", "SELECT order_id FROM orders LIMIT $1 OFFSET $2", []plan.Type{"int8", "int8"}},
		{"cast", "SELECT $1::float8, $2", []plan.Type{"float8", "text"}},
		{"literal", "SELECT $1 = 1, $2 = 'x', $3 = 2.5", []plan.Type{"int4", "text", "numeric"}},
		{"in list", "SELECT 1 FROM orders WHERE customer_id IN ($1, $2)", []plan.Type{"int8", "int8"}},
		{"between", "SELECT 1 FROM orders WHERE event_timestamp BETWEEN $1 AND $2", []plan.Type{"timestamptz", "timestamptz"}},
		{"any array", "SELECT 1 FROM orders WHERE driver_id = ANY($1)", []plan.Type{"int8[]"}},
		{"subquery", "SELECT 1 FROM orders WHERE customer_id = $1 AND order_id = (SELECT max(order_id) FROM orders WHERE driver_id = $2)",
			[]plan.Type{"int8", "int8"}},
		{"arithmetic with numbers", "SELECT conv_rate * $1, $2 + 1 FROM driver_hourly_stats", []plan.Type{"float8", "int4"}},
		{"arithmetic with times stays text", "SELECT 1 FROM orders WHERE event_timestamp - $1 > event_timestamp", []plan.Type{"text"}},
		{"gap stays text", "SELECT $2::int8", []plan.Type{"text", "int8"}},
		{"first context wins", "SELECT 1 FROM orders WHERE $1::text = 'a' AND order_id = $1", []plan.Type{"text"}},
		{"explain", "EXPLAIN SELECT 1 FROM orders WHERE driver_id = $1", []plan.Type{"int8"}},
		{"asof query", "SELECT o.order_id, d.conv_rate FROM orders o ASOF LEFT JOIN driver_hourly_stats d " +
			"ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp WHERE o.driver_id = $1", []plan.Type{"int8"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmts, err := p.Plan(context.Background(), c.sql)
			if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
				t.Fatalf("Plan: %v %v", err, stmts)
			}
			if got := stmts[0].Query.Params; !reflect.DeepEqual(got, c.want) {
				t.Errorf("Params = %q, want %q", got, c.want)
			}
		})
	}
}
