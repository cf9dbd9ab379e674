package planner_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

// onlineExtra adds to the demo repo a view with a two-column key, a service
// over two views of different entities with a shared feature name, and an
// offline view.
const onlineExtra = `
entities:
  - name: pair
    join_keys: [driver_id, zone]
sources:
  - name: pair_src
    table: pair_stats
    timestamp_field: ts
feature_views:
  - name: pair_stats
    entities: [pair]
    source: pair_src
    ttl: 1h
    features:
      - {name: trips, type: int8}
      - {name: conv_rate, type: float8}
  - name: archive
    entities: [driver]
    source: driver_stats
    online: false
    features:
      - {name: conv_rate, type: float8}
feature_services:
  - name: pair_activity
    features:
      - pair_stats: [trips, conv_rate]
      - driver_hourly_stats: [conv_rate]
  - name: with_archive
    features:
      - archive: [conv_rate]
`

func onlinePlanner(t testing.TB) *planner.Planner {
	t.Helper()
	dir := filepath.Join("..", "testdata", "demo", "repo")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"online_extra.yaml": []byte(onlineExtra)}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	repo, err := registry.Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	tables := demoTables()
	tables["pair_stats"] = []planner.TableColumn{{Name: "driver_id", Type: "int8"}, {Name: "zone", Type: "text"},
		{Name: "ts", Type: "timestamp"}, {Name: "trips", Type: "int8"}, {Name: "conv_rate", Type: "float8"}}
	return planner.New(repo, tables)
}

func planOne(t *testing.T, p *planner.Planner, sql string) *planner.Statement {
	t.Helper()
	stmts, err := p.Plan(context.Background(), sql)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if len(stmts) != 1 {
		t.Fatalf("%d statements", len(stmts))
	}
	if stmts[0].Err != nil {
		t.Fatalf("Plan: %v (hint: %s)", stmts[0].Err, hintOf(stmts[0].Err))
	}
	return stmts[0]
}

func hintOf(err error) string {
	var e *sqlerr.Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}

// describeLookup prints a lookup compactly: relation, views read with the
// key indexes, columns (k0 key, ts0 / ts* event time, f0.1 feature, e0
// entity column), the request and the parameter types.
func describeLookup(lk *planner.Lookup) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s keys(", lk.Relation)
	for i, k := range lk.Keys {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s:%s", k.Name, k.Type)
	}
	b.WriteString(") reads(")
	for i, v := range lk.Views {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s%v", v.View.Name, v.Keys)
	}
	b.WriteString(") cols(")
	for i, c := range lk.Columns {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s:%s:%s", c.Name, c.Type, columnSource(c))
	}
	b.WriteString(")")
	r := lk.Request
	for i, s := range r.Sets {
		fmt.Fprintf(&b, " %s", lk.Keys[i].Name)
		if s.Array != nil {
			fmt.Fprintf(&b, "=ANY(%s)", plan.ExprString(s.Array))
			continue
		}
		var vals []string
		for _, v := range s.Values {
			vals = append(vals, plan.ExprString(v))
		}
		fmt.Fprintf(&b, "=[%s]", strings.Join(vals, ","))
	}
	if r.Rows != nil {
		fmt.Fprintf(&b, " values(%d rows, keys at %v, types %v, outer %v)", len(r.Rows), r.KeyColumns, r.RowTypes, r.Outer)
	}
	if lk.Limit != nil || lk.Offset != nil {
		fmt.Fprintf(&b, " limit %s offset %s", plan.ExprString(lk.Limit), plan.ExprString(lk.Offset))
	}
	if lk.Params != nil {
		fmt.Fprintf(&b, " params%v", lk.Params)
	}
	return b.String()
}

func columnSource(c planner.LookupColumn) string {
	switch c.Source {
	case planner.SourceKey:
		return fmt.Sprintf("k%d", c.Index)
	case planner.SourceEventTime:
		if c.View < 0 {
			return "ts*"
		}
		return fmt.Sprintf("ts%d", c.View)
	case planner.SourceFeature:
		return fmt.Sprintf("f%d.%d", c.View, c.Index)
	}
	return fmt.Sprintf("e%d", c.Index)
}

func TestOnlineLookups(t *testing.T) {
	p := onlinePlanner(t)
	const dhs = "driver_hourly_stats keys(driver_id:int8) reads(driver_hourly_stats[0]) "
	cases := []struct{ name, sql, want string }{
		{"prepared", "SELECT conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = $1",
			dhs + "cols(conv_rate:float8:f0.0 acc_rate:float8:f0.1) driver_id=[$1] params[int8]"},
		{"constant on the left, alias", "SELECT s.avg_daily_trips AS trips FROM online.driver_hourly_stats AS s WHERE 1001 = s.driver_id",
			dhs + "cols(trips:int8:f0.2) driver_id=[1001]"},
		{"star", "SELECT * FROM online.driver_hourly_stats WHERE driver_id = 7",
			dhs + "cols(driver_id:int8:k0 event_timestamp:timestamptz:ts0 conv_rate:float8:f0.0 acc_rate:float8:f0.1 avg_daily_trips:int8:f0.2) driver_id=[7]"},
		{"in list in order", "SELECT driver_id, event_timestamp FROM online.driver_hourly_stats WHERE driver_id IN (1002, $1, 1001)",
			dhs + "cols(driver_id:int8:k0 event_timestamp:timestamptz:ts0) driver_id=[1002,$1,1001] params[int8]"},
		{"keys only read nothing", "SELECT driver_id FROM online.driver_hourly_stats WHERE driver_id = 1",
			"driver_hourly_stats keys(driver_id:int8) reads() cols(driver_id:int8:k0) driver_id=[1]"},
		{"any array", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = ANY($1)",
			dhs + "cols(conv_rate:float8:f0.0) driver_id=ANY($1) params[int8[]]"},
		{"cast values", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = '1001'::int8",
			dhs + "cols(conv_rate:float8:f0.0) driver_id=[CAST('1001' AS int8)]"},
		{"limit", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id IN (1, 2, 3) LIMIT $1 OFFSET 1",
			dhs + "cols(conv_rate:float8:f0.0) driver_id=[1,2,3] limit $1 offset 1 params[int8]"},
		{"two-column key", "SELECT trips FROM online.pair_stats WHERE zone = $2 AND driver_id IN ($1, 5)",
			"pair_stats keys(driver_id:int8 zone:text) reads(pair_stats[0 1]) cols(trips:int8:f0.0) driver_id=[$1,5] zone=[$2] params[int8 text]"},
		{"values join", "SELECT r.driver_id, s.conv_rate FROM (VALUES (1002), (1001)) AS r(driver_id) JOIN online.driver_hourly_stats s ON s.driver_id = r.driver_id",
			dhs + "cols(driver_id:int8:e0 conv_rate:float8:f0.0) values(2 rows, keys at [0], types [int8], outer false)"},
		{"values left join with a tag and params", "SELECT * FROM (VALUES ($1, 'a'), ($2, 'b')) AS r(id, tag) LEFT JOIN online.driver_hourly_stats s ON r.id = s.driver_id",
			dhs + "cols(id:int8:e0 tag:text:e1 driver_id:int8:k0 event_timestamp:timestamptz:ts0 conv_rate:float8:f0.0 acc_rate:float8:f0.1 avg_daily_trips:int8:f0.2) " +
				"values(2 rows, keys at [0], types [int8 text], outer true) params[int8 int8]"},
		{"values as a cte", "WITH req(driver_id) AS (VALUES (1001), (1002)) SELECT s.acc_rate FROM req JOIN online.driver_hourly_stats s ON s.driver_id = req.driver_id",
			dhs + "cols(acc_rate:float8:f0.1) values(2 rows, keys at [0], types [int8], outer false)"},
		{"service: one read of each view it returns", "SELECT * FROM online.order_scoring WHERE driver_id = $1 AND customer_id = $2",
			"order_scoring keys(driver_id:int8 customer_id:int8) reads(driver_hourly_stats[0] customer_profile[1]) cols(driver_id:int8:k0 customer_id:int8:k1 " +
				"event_timestamp:timestamptz:ts* conv_rate:float8:f0.0 acc_rate:float8:f0.1 current_balance:float8:f1.0 avg_spend:float8:f1.1 lifetime_orders:int8:f1.2) " +
				"driver_id=[$1] customer_id=[$2] params[int8 int8]"},
		{"service: views not selected are not read", "SELECT current_balance FROM online.order_scoring WHERE driver_id = 1 AND customer_id = 2",
			"order_scoring keys(driver_id:int8 customer_id:int8) reads(customer_profile[1]) cols(current_balance:float8:f0.0) driver_id=[1] customer_id=[2]"},
		{"service of one entity, as in DESIGN §1", "SELECT * FROM online.driver_activity WHERE driver_id IN (1001, 1002)",
			"driver_activity keys(driver_id:int8) reads(driver_hourly_stats[0]) cols(driver_id:int8:k0 event_timestamp:timestamptz:ts* conv_rate:float8:f0.0 acc_rate:float8:f0.1) driver_id=[1001,1002]"},
		{"service: shared feature names", "SELECT pair_stats__conv_rate, driver_hourly_stats__conv_rate, trips FROM online.pair_activity WHERE driver_id = 1 AND zone = 'n'",
			"pair_activity keys(driver_id:int8 zone:text) reads(pair_stats[0 1] driver_hourly_stats[0]) cols(pair_stats__conv_rate:float8:f0.1 " +
				"driver_hourly_stats__conv_rate:float8:f1.0 trips:int8:f0.0) driver_id=[1] zone=['n']"},
		{"service: event time of mixed types", "SELECT event_timestamp FROM online.pair_activity WHERE driver_id = 1 AND zone = 'n'",
			"pair_activity keys(driver_id:int8 zone:text) reads(pair_stats[0 1] driver_hourly_stats[0]) cols(event_timestamp:timestamptz:ts*) driver_id=[1] zone=['n']"},
		{"service in a values join", "SELECT s.trips FROM (VALUES (1, 'n')) r(d, z) JOIN online.pair_activity s ON s.zone = r.z AND s.driver_id = r.d",
			"pair_activity keys(driver_id:int8 zone:text) reads(pair_stats[0 1]) cols(trips:int8:f0.0) values(1 rows, keys at [0 1], types [int8 text], outer false)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := planOne(t, p, c.sql)
			if st.Kind != planner.KindOnline || st.Online == nil {
				t.Fatalf("kind %d, want KindOnline", st.Kind)
			}
			if got := describeLookup(st.Online); got != c.want {
				t.Errorf("got\n  %s\nwant\n  %s", got, c.want)
			}
		})
	}
}

func TestOnlineRefused(t *testing.T) {
	p := onlinePlanner(t)
	const nk = "0A000"
	cases := []struct{ name, sql, code, msg, hint string }{
		{"no where", "SELECT conv_rate FROM online.driver_hourly_stats", nk, "must bind its join key driver_id", "WHERE driver_id = $1"},
		{"range", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id > 5", nk, "only bind join keys", "= ANY($1)"},
		{"or", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1 OR driver_id = 2", nk, "combined with AND", "IN (...)"},
		{"feature filter", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1 AND conv_rate > 0.5", nk, "only bind join keys", ""},
		{"key bound twice", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1 AND driver_id = 2", nk, "bound twice", ""},
		{"not in", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id NOT IN (1)", nk, "only bind join keys", ""},
		{"in subquery", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id IN (SELECT driver_id FROM orders)", nk, "only bind join keys", ""},
		{"key = column expression", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1 + 1", nk, "only bind join keys", ""},
		{"one of two keys", "SELECT trips FROM online.pair_stats WHERE driver_id = 1", nk, "must bind its join key zone",
			"WHERE driver_id = $1 AND zone = $2"},
		{"service missing a key", "SELECT conv_rate FROM online.order_scoring WHERE driver_id = 1", nk, "must bind its join key customer_id", ""},
		{"aggregate", "SELECT count(*) FROM online.driver_hourly_stats WHERE driver_id = 1", nk, "columns only", ""},
		{"expression", "SELECT conv_rate * 2 FROM online.driver_hourly_stats WHERE driver_id = 1", nk, "columns only", ""},
		{"group by", "SELECT driver_id FROM online.driver_hourly_stats WHERE driver_id = 1 GROUP BY driver_id", nk, "GROUP BY", ""},
		{"order by", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id IN (1, 2) ORDER BY conv_rate", nk, "ORDER BY", ""},
		{"distinct", "SELECT DISTINCT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1", nk, "DISTINCT", ""},
		{"limit expression", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1 LIMIT 1 + 1", nk, "LIMIT and OFFSET", ""},
		{"beside a table", "SELECT conv_rate FROM online.driver_hourly_stats, orders WHERE driver_id = 1", nk, "alone or joined", ""},
		{"join with a table", "SELECT s.conv_rate FROM orders o JOIN online.driver_hourly_stats s ON s.driver_id = o.driver_id", nk, "must be a VALUES list", ""},
		{"online on the left", "SELECT s.conv_rate FROM online.driver_hourly_stats s JOIN (VALUES (1)) r(d) ON s.driver_id = r.d", nk, "on the right", ""},
		{"right join", "SELECT s.conv_rate FROM (VALUES (1)) r(d) RIGHT JOIN online.driver_hourly_stats s ON s.driver_id = r.d", nk, "JOIN or LEFT JOIN", ""},
		{"join with where", "SELECT s.conv_rate FROM (VALUES (1)) r(d) JOIN online.driver_hourly_stats s ON s.driver_id = r.d WHERE r.d = 1", nk, "no WHERE", ""},
		{"join on a feature", "SELECT s.conv_rate FROM (VALUES (1)) r(d) JOIN online.driver_hourly_stats s ON s.conv_rate = r.d", nk, "equate one join key", ""},
		{"join missing a key", "SELECT s.trips FROM (VALUES (1)) r(d) JOIN online.pair_stats s ON s.driver_id = r.d", nk, "must bind its join key zone", ""},
		{"values with expressions", "SELECT s.conv_rate FROM (VALUES (1 + 1)) r(d) JOIN online.driver_hourly_stats s ON s.driver_id = r.d", nk, "constants or parameters", ""},
		{"asof with online", "SELECT 1 FROM orders o ASOF JOIN online.driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp",
			nk, "latest values only", ""},
		{"in a subquery", "SELECT * FROM (SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1) x", nk, "can only be read by a lookup", "WHERE driver_id = $1"},
		{"in a union", "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1 UNION ALL SELECT 1", nk, "can only be read by a lookup", ""},
		{"unknown", "SELECT * FROM online.nope WHERE id = 1", sqlerr.UndefinedTable, `relation "online.nope" does not exist`, "driver_activity"},
		{"unknown in a subquery", "SELECT * FROM (SELECT 1 FROM online.nope) x", sqlerr.UndefinedTable, `"online.nope"`, ""},
		{"offline view", "SELECT conv_rate FROM online.archive WHERE driver_id = 1", "55000", "archive is not online", "online: true"},
		{"service over an offline view", "SELECT conv_rate FROM online.with_archive WHERE driver_id = 1", "55000", "archive is not online", ""},
		{"unknown column", "SELECT nope FROM online.driver_hourly_stats WHERE driver_id = 1", sqlerr.UndefinedColumn, `"nope"`, ""},
		{"column aliases", "SELECT a FROM online.driver_hourly_stats s(a) WHERE driver_id = 1", nk, "column aliases", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkRefused(t, p, c.sql, c.code, c.msg, c.hint)
		})
	}
}

func checkRefused(t *testing.T, p *planner.Planner, sql, code, msg, hint string) {
	t.Helper()
	err := planErr(p, sql)
	var e *sqlerr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want %s", err, err, code)
	}
	if e.Code != code || !strings.Contains(e.Message, msg) {
		t.Fatalf("got %s %q, want %s containing %q", e.Code, e.Message, code, msg)
	}
	if !strings.Contains(e.Hint, hint) || (code == sqlerr.FeatureNotSupported && e.Hint == "") {
		t.Fatalf("hint %q, want one containing %q", e.Hint, hint)
	}
	if e.Position == 0 && code != "23502" {
		t.Fatalf("%s %q has no position", e.Code, e.Message)
	}
}

func TestOnlinePush(t *testing.T) {
	p := onlinePlanner(t)
	st := planOne(t, p, "INSERT INTO online.driver_hourly_stats (acc_rate, driver_id, event_timestamp, conv_rate) VALUES ($1, 1001, now(), 0.5), (NULL, $2, $3, DEFAULT)")
	if st.Kind != planner.KindPush || st.Push.View.Name != "driver_hourly_stats" {
		t.Fatalf("kind %d push %+v", st.Kind, st.Push)
	}
	got := fmt.Sprintf("%v %v %v", st.Push.KeyTypes, st.Push.TSType, st.Push.Params)
	if want := "[int8] timestamptz [float8 int8 timestamptz]"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	var rows []string
	for _, r := range st.Push.Rows {
		rows = append(rows, fmt.Sprintf("%s %s %s %s %s", plan.ExprString(r.Keys[0]), plan.ExprString(r.EventTS),
			plan.ExprString(r.Values[0]), plan.ExprString(r.Values[1]), plan.ExprString(r.Values[2])))
	}
	if got, want := strings.Join(rows, "; "), "1001 now() 0.5 $1 -; $2 $3 NULL NULL -"; got != want {
		t.Errorf("rows %q, want %q", got, want)
	}
	st = planOne(t, p, "INSERT INTO online.pair_stats VALUES (1, 'n', '2024-01-01 10:00', 3)")
	if r := st.Push.Rows[0]; len(r.Keys) != 2 || r.Values[1] != nil || fmt.Sprintf("%v %v", st.Push.KeyTypes, st.Push.TSType) != "[int8 text] timestamp" {
		t.Errorf("short row without a column list: %+v %v", r, st.Push.KeyTypes)
	}
	const nk = "0A000"
	cases := []struct{ name, sql, code, msg, hint string }{
		{"missing event time", "INSERT INTO online.driver_hourly_stats (driver_id, conv_rate) VALUES (1, 0.5)", "23502", `must set column "event_timestamp"`, "event_timestamp"},
		{"missing key", "INSERT INTO online.pair_stats (driver_id, event_timestamp) VALUES (1, now())", "23502", `must set column "zone"`, ""},
		{"short row without list", "INSERT INTO online.pair_stats VALUES (1, 'n')", "23502", `must set column "event_timestamp"`, ""},
		{"unknown column", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, nope) VALUES (1, now(), 2)", sqlerr.UndefinedColumn, `"nope"`, ""},
		{"duplicate column", "INSERT INTO online.driver_hourly_stats (driver_id, driver_id, event_timestamp) VALUES (1, 1, now())", "42701", "more than once", ""},
		{"too many values", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp) VALUES (1, now(), 3)", sqlerr.Syntax, "more expressions", ""},
		{"too few values", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp, conv_rate) VALUES (1, now())", sqlerr.Syntax, "more target columns", ""},
		{"expression", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp) VALUES (1 + 1, now())", nk, "constants, parameters or now()", "INSERT INTO online"},
		{"select", "INSERT INTO online.driver_hourly_stats SELECT * FROM driver_stats", nk, "VALUES rows only", ""},
		{"on conflict", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp) VALUES (1, now()) ON CONFLICT DO NOTHING", nk, "ON CONFLICT", ""},
		{"returning", "INSERT INTO online.driver_hourly_stats (driver_id, event_timestamp) VALUES (1, now()) RETURNING driver_id", nk, "RETURNING", ""},
		{"service", "INSERT INTO online.driver_activity (driver_id) VALUES (1)", nk, "feature service", "each of its feature views"},
		{"offline view", "INSERT INTO online.archive (driver_id, event_timestamp) VALUES (1, now())", "55000", "not online", ""},
		{"unknown view", "INSERT INTO online.nope (a) VALUES (1)", sqlerr.UndefinedTable, "online.nope", ""},
		{"warehouse table", "INSERT INTO orders (order_id) VALUES (1)", "42501", "writes only the online store", "INSERT INTO online"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkRefused(t, p, c.sql, c.code, c.msg, c.hint)
		})
	}
}

func TestOnlineCall(t *testing.T) {
	p := onlinePlanner(t)
	cases := []struct{ sql, want string }{
		{"CALL pitgate.materialize('driver_hourly_stats', '2024-01-01', '2024-02-01')",
			"materialize 'driver_hourly_stats' '2024-01-01' '2024-02-01' []"},
		{"CALL pitgate.materialize(NULL, $1, now())", "materialize NULL $1 now() [timestamptz]"},
		{"call PITGATE.MATERIALIZE($1, $2)", "materialize $1 $2 - [text timestamptz]"},
		{"CALL pitgate.materialize_incremental()", "materialize_incremental - - - []"},
		{"CALL pitgate.materialize_incremental('customer_profile')", "materialize_incremental 'customer_profile' - - []"},
	}
	for _, c := range cases {
		st := planOne(t, p, c.sql)
		if st.Kind != planner.KindCall {
			t.Fatalf("%s: kind %d", c.sql, st.Kind)
		}
		cl := st.Call
		got := fmt.Sprintf("%s %s %s %s %v", cl.Procedure, plan.ExprString(cl.View), plan.ExprString(cl.Start), plan.ExprString(cl.End), cl.Params)
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	for _, c := range []struct{ sql, code, msg string }{
		{"CALL pitgate.refresh()", sqlerr.UndefinedFunction, "procedure pitgate.refresh does not exist"},
		{"CALL materialize('v', '2024-01-01')", sqlerr.UndefinedFunction, "does not exist"},
		{"CALL pitgate.materialize('v')", sqlerr.UndefinedFunction, "takes 2 to 3 arguments, got 1"},
		{"CALL pitgate.materialize_incremental('a', 'b')", sqlerr.UndefinedFunction, "takes 0 to 1 arguments"},
		{"CALL pitgate.materialize(NULL, (SELECT 1), now())", "0A000", "argument 2"},
	} {
		checkRefused(t, p, c.sql, c.code, c.msg, "CALL pitgate.materialize(view_or_NULL, start, end)")
	}
}

func TestOnlineExplain(t *testing.T) {
	p := onlinePlanner(t)
	st := planOne(t, p, "EXPLAIN SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = ANY($1)")
	if st.Kind != planner.KindExplain || st.Online == nil || st.Query != nil || fmt.Sprint(st.Online.Params) != "[int8[]]" {
		t.Fatalf("EXPLAIN of a lookup: kind %d online %v query %v", st.Kind, st.Online, st.Query)
	}
}

// TestOnlineBindIsPure binds a prepared lookup twice: the statement keeps
// its parameters.
func TestOnlineBindIsPure(t *testing.T) {
	p := onlinePlanner(t)
	lk := planOne(t, p, "SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id IN ($1, $2) LIMIT $2").Online
	one := lk.Bind([]plan.Expr{&plan.Const{Value: int64(1)}, &plan.Const{Value: int64(2)}})
	two := lk.Bind([]plan.Expr{&plan.Const{Value: int64(3)}, &plan.Const{Value: int64(4)}})
	got := fmt.Sprintf("%s %s | %s %s | %s %s", plan.ExprString(one.Request.Sets[0].Values[1]), plan.ExprString(one.Limit),
		plan.ExprString(two.Request.Sets[0].Values[0]), plan.ExprString(two.Limit),
		plan.ExprString(lk.Request.Sets[0].Values[0]), plan.ExprString(lk.Limit))
	if want := "2 2 | 3 4 | $1 $2"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
