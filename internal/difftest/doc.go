// Package difftest holds only tests: the randomized differential test of
// pitgate's point-in-time (ASOF) join, DESIGN §2.2 and §6. It has no API;
// nothing may import it.
//
// For each seed, internal/pitref builds a random scenario (a left table,
// one or two right tables, one or two ASOF joins). The test loads the
// tables into a warehouse, writes a feature repository in YAML for the
// joins, writes the ASOF query in SQL, plans it with the planner, prints it
// with the warehouse's dialect, runs it, and compares the rows with
// pitref.Evaluate. Nothing in the path is a stand-in: the registry parser,
// planner, dialect and warehouse are the product's own.
//
// It runs six times: on an embedded DuckDB in the duckdb dialect with its
// default strategy (native ASOF after removing ties) and with its window
// strategy, and on the test PostgreSQL in the postgres dialect with its
// default (auto) strategy on unindexed tables (window) and on tables with
// a btree on (keys, ts) (LATERAL), and with each strategy forced
// (index_test.go also checks which indexes make auto pick LATERAL). The PostgreSQL runs use a database whose default
// collation is ICU en-US (testenv.PostgresICU), where 'B' sorts after 'a'
// while byte-wise it sorts before: the scenarios' text features then show
// whether text tie-breaks are byte-wise, as the contract says.
// TestPostgresTieBreaksNeedCollateC runs the postgres dialect without its
// COLLATE "C" and requires some scenario to fail. Each scenario's schema is
// named after the run's fresh schema, so runs sharing a server cannot
// collide.
//
// Each scenario is run as up to three variants:
//
//   - "views": every join is with a feature view whose ttl, known_at,
//     created_timestamp_field and features (in the scenario's order, which
//     is also the view's tie-break order) are the join's;
//   - "filtered": "views" under a WHERE with two conjuncts on left columns
//     only, which the dialects apply before the joins (dialects/pushdown.go),
//     and one on the first join's first feature, which must stay above them;
//     the reference applies the same condition to its output rows;
//   - "tables": each join without ttl and known_at is instead with the
//     warehouse table itself. pitgate breaks ties there on the table's
//     other non-key columns in table order, NULL losing (planner asofTable),
//     so the reference join is rewritten to match: no Created, and as
//     Features every right column but the keys and ts, in table order
//     (created included), output under the prefix t<N>_. Joins with ttl or
//     known_at stay feature views in this variant.
//
// The two SQL spellings of DESIGN §2.2 alternate from join to join:
// "ON v.k = l.k AND v.event_timestamp <= l.ts" and Snowflake's
// "MATCH_CONDITION (l.ts >= v.event_timestamp) ON v.k = l.k", with < and >
// for strict joins.
//
// Flags: -difftest.seeds N runs seeds 1..N (default 250); -difftest.seed S
// runs only seed S. A failure names the seed, the scenario, the SQL given
// to the planner and the SQL sent to the warehouse, and the row diff; the test
// stops after a handful of failing seeds.
package difftest
