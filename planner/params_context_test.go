package planner_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Untyped parameters as PostgreSQL 15 types or refuses them (the same
// table runs against PostgreSQL itself in gateway's
// TestUntypedParametersMatchPostgres).
func TestUntypedParameterContexts(t *testing.T) {
	p := demoPlanner(t)
	for sql, want := range map[string]string{
		"SELECT $1":         "[text]",
		"SELECT $1 IS NULL": "42P18",
		"SELECT order_id FROM orders WHERE $1 IS NOT NULL": "42P18",
		"SELECT $1 IS NULL, $1::int8":                      "42P08",
		"SELECT $1::int8, $1 IS NULL":                      "[int8]",
		"SELECT $1 + $2":                                   "42725",
		"SELECT -$1":                                       "42725",
		"SELECT $1 + 1":                                    "[int4]",
		"SELECT $1 = $2":                                   "[text text]",
		"SELECT $1 = 'a', $1 IS NULL":                      "[text]",
		"SELECT NOT $1, $2 OR true":                        "[bool bool]",
		"SELECT CASE WHEN $1 THEN 1 END":                   "[bool]",
		"SELECT coalesce($1, 1)":                           "[int4]",
		"SELECT abs($1)":                                   "[float8]",
		"SELECT order_id FROM orders WHERE driver_id = $1": "[int8]",
	} {
		stmts, err := p.Plan(context.Background(), sql)
		if err == nil && stmts[0].Err != nil {
			err = stmts[0].Err
		}
		got := sqlerr.Code(err)
		if err == nil {
			got = fmt.Sprint(stmts[0].Query.Params)
		}
		if got != want {
			t.Errorf("%s: %s, want %s", sql, got, want)
		}
	}
}
