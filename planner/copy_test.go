package planner_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// What each spelling of COPY plans to: the statement copied out (planned
// as it would be alone), or FROM's target, and the options.
func TestCopyStatements(t *testing.T) {
	p := demoPlanner(t)
	for sql, want := range map[string]string{
		`COPY (SELECT order_id FROM orders) TO STDOUT`: "to kind=0 cols=[order_id] {text   false   false [] false [] []}",
		`COPY (SELECT o.order_id, d.conv_rate FROM orders o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp) TO STDOUT WITH (FORMAT csv, HEADER)`: "to kind=0 cols=[order_id conv_rate] {csv   false   true [] false [] []}",
		`COPY orders (order_id, driver_id) TO STDOUT (FORMAT binary)`:                                                  "to kind=0 cols=[order_id driver_id] {binary   false   false [] false [] []}",
		`COPY driver_hourly_stats TO STDOUT CSV HEADER DELIMITER ';' NULL 'n' FORCE QUOTE conv_rate`:                   "to kind=0 cols=[driver_id event_timestamp conv_rate acc_rate avg_daily_trips] {csv ; n true   true [conv_rate] false [] []}",
		`COPY (SELECT * FROM online.driver_hourly_stats WHERE driver_id = 1001) TO STDOUT (FORCE_QUOTE *, FORMAT csv)`: "to kind=6 {csv   false   false [] true [] []}",
		`COPY (SELECT relname FROM pg_class) TO STDOUT`:                                                                "to kind=5 {text   false   false [] false [] []}",
		`COPY online.driver_hourly_stats FROM STDIN`:                                                                   "from online.driver_hourly_stats targets=[driver_id event_timestamp conv_rate acc_rate avg_daily_trips] {text   false   false [] false [] []}",
		`COPY online.driver_hourly_stats (conv_rate, driver_id, event_timestamp) FROM STDIN (FORMAT csv, QUOTE '''')`:  "from online.driver_hourly_stats targets=[conv_rate driver_id event_timestamp] {csv   false '  false [] false [] []}",
		`COPY tmp_entities (id) FROM STDIN`:                                                                            "from tmp_entities cols=[id] {text   false   false [] false [] []}",
		`COPY tmp_entities (id) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (id), FORCE_NULL (id), ENCODING 'UTF-8')`:       "from tmp_entities cols=[id] {csv   false   false [] false [id] [id]}",
	} {
		stmts, err := p.Plan(context.Background(), sql)
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Errorf("%s: %v %v", sql, err, stmts[0].Err)
			continue
		}
		if got := describeCopy(stmts[0]); got != want {
			t.Errorf("%s:\n got %s\nwant %s", sql, got, want)
		}
	}
}

func describeCopy(st *planner.Statement) string {
	c := st.Copy
	if st.Kind != planner.KindCopy {
		return fmt.Sprintf("kind %d", st.Kind)
	}
	if c.From {
		if c.Push != nil {
			return fmt.Sprintf("from %s targets=%v %v", c.Relation(), c.TargetNames, c.Options)
		}
		return fmt.Sprintf("from %s cols=%v %v", c.Relation(), c.Columns, c.Options)
	}
	if c.Source.Kind != planner.KindQuery {
		return fmt.Sprintf("to kind=%d %v", c.Source.Kind, c.Options)
	}
	var cols []string
	for _, col := range c.Source.Query.Columns {
		cols = append(cols, col.Name)
	}
	return fmt.Sprintf("to kind=%d cols=%v %v", c.Source.Kind, cols, c.Options)
}

// The COPY errors, with PostgreSQL's codes where it has the same error.
func TestCopyErrors(t *testing.T) {
	p := demoPlanner(t)
	for sql, code := range map[string]string{
		`COPY orders TO '/tmp/x'`:                                                sqlerr.InsufficientPriv,
		`COPY orders FROM '/tmp/x'`:                                              sqlerr.InsufficientPriv,
		`COPY orders TO PROGRAM 'cat'`:                                           sqlerr.FeatureNotSupported,
		`COPY orders TO STDOUT (FORMAT xml)`:                                     sqlerr.InvalidParameter,
		`COPY orders TO STDOUT (FORMAT binary, HEADER)`:                          sqlerr.Syntax,
		`COPY orders TO STDOUT (QUOTE '|')`:                                      sqlerr.FeatureNotSupported,
		`COPY orders TO STDOUT (DELIMITER ';;')`:                                 sqlerr.FeatureNotSupported,
		`COPY orders TO STDOUT (FREEZE)`:                                         sqlerr.FeatureNotSupported,
		`COPY orders TO STDOUT (DEFAULT 'x')`:                                    sqlerr.Syntax,
		`COPY orders TO STDOUT (FORMAT csv, FORCE_NOT_NULL (order_id))`:          sqlerr.FeatureNotSupported,
		`COPY online.driver_hourly_stats FROM STDIN (FORCE_NULL *, FORMAT csv)`:  sqlerr.InvalidParameter,
		`COPY online.driver_hourly_stats FROM STDIN (ENCODING 'nope')`:           sqlerr.InvalidParameter,
		`COPY online.driver_hourly_stats (conv_rate) FROM STDIN`:                 "23502",
		`COPY online.driver_hourly_stats (nope, driver_id) FROM STDIN`:           sqlerr.UndefinedColumn,
		`COPY online.nope FROM STDIN`:                                            sqlerr.UndefinedTable,
		`COPY online.driver_activity FROM STDIN`:                                 sqlerr.FeatureNotSupported,
		`COPY (SELECT nope FROM orders) TO STDOUT`:                               sqlerr.UndefinedColumn,
		`COPY online.driver_hourly_stats FROM STDIN (FORCE_QUOTE *, FORMAT csv)`: sqlerr.FeatureNotSupported,
	} {
		stmts, err := p.Plan(context.Background(), sql)
		if err == nil && len(stmts) == 1 {
			err = stmts[0].Err
		}
		if got := sqlerr.Code(err); got != code {
			t.Errorf("%s: %v (%s), want %s", sql, err, got, code)
		}
	}
}
