package planner_test

import (
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// TestCatalogRouting: which statements the catalog engine answers.
func TestCatalogRouting(t *testing.T) {
	p := demoPlanner(t)
	cases := []struct {
		sql     string
		catalog bool
		code    string // of CatalogQuery.Err
	}{
		{"SELECT * FROM pg_catalog.pg_class", true, ""},
		{"SELECT relname FROM pg_class", true, ""},
		{"SELECT table_name FROM information_schema.tables", true, ""},
		{"SELECT version()", true, ""},
		{"SELECT pg_catalog.set_config('search_path', '', false)", true, ""},
		{"SELECT current_user", true, ""},
		{"SELECT current_schema()", true, ""},
		{"SELECT 'features.driver_hourly_stats'::regclass", true, ""},
		{"WITH pg_x AS (SELECT 1 AS a) SELECT a FROM pg_x", false, ""},
		{"SELECT 1", false, ""},
		{"SELECT now()", false, ""},
		{"SELECT * FROM driver_hourly_stats LIMIT 1", false, ""},
		{"SELECT version(), driver_id FROM driver_hourly_stats", false, ""},
		{"SET search_path = public", false, ""},
		{"SHOW search_path", false, ""},
		{"SELECT c.relname, d.conv_rate FROM pg_class c, driver_hourly_stats d", true, sqlerr.FeatureNotSupported},
	}
	for _, tc := range cases {
		qs, err := p.Catalog(tc.sql)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		q := qs[0]
		if (q != nil) != tc.catalog {
			t.Errorf("%s: catalog query = %v, want %v", tc.sql, q != nil, tc.catalog)
			continue
		}
		if q == nil {
			continue
		}
		if got := codeOf(q.Err); got != tc.code {
			t.Errorf("%s: error %v (code %q), want code %q", tc.sql, q.Err, got, tc.code)
		}
	}
}

func codeOf(err error) string {
	if err == nil {
		return ""
	}
	return sqlerr.Code(err)
}

// TestCatalogRewrite checks the SQL each construct becomes for DuckDB.
func TestCatalogRewrite(t *testing.T) {
	p := demoPlanner(t)
	cases := []struct{ sql, want string }{
		{"SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(x)$' COLLATE pg_catalog.default",
			"SELECT c.relname FROM pgcat.pg_class c WHERE regexp_matches(c.relname, '^(x)$')"},
		{"SELECT relname FROM pg_class WHERE relname !~* 'X'",
			"SELECT relname FROM pgcat.pg_class WHERE NOT regexp_matches(relname, 'X', 'i')"},
		{"SELECT oid FROM pg_class WHERE oid = 'features.\"Driver\"'::regclass",
			"SELECT oid FROM pgcat.pg_class WHERE oid = pgcat.regclass_in('features', 'Driver')"},
		{"SELECT 'Features.X'::regclass::oid",
			`SELECT pgcat.regclass_in('features', 'x')::"bigint" AS oid`},
		{"SELECT c.oid::regclass FROM pg_class c",
			"SELECT pgcat.regclass_out(c.oid) AS oid FROM pgcat.pg_class c"},
		{"SELECT 'character varying(20)'::regtype",
			"SELECT pgcat.regtype_in('pg_catalog', 'varchar', false) AS regtype"},
		{"SELECT 'int4[]'::regtype", "SELECT pgcat.regtype_in('', 'int4', true) AS regtype"},
		{"SELECT typname FROM pg_type WHERE typinput = 'pg_catalog.array_in'::regproc",
			"SELECT typname FROM pgcat.pg_type WHERE typinput = 'array_in'"},
		{"SELECT pg_catalog.format_type(t.oid, NULL), pg_catalog.lower(t.typname) FROM pg_type t",
			"SELECT pgcat.format_type(t.oid, NULL) AS format_type, lower(t.typname) AS lower FROM pgcat.pg_type t"},
		{"SELECT current_user, session_user",
			`SELECT pgcat."current_user"() AS "current_user", pgcat."session_user"() AS "session_user"`},
		{"SELECT i.indkey[0] FROM pg_index i", "SELECT i.indkey[1] AS indkey FROM pgcat.pg_index i"},
		{"SELECT x FROM pg_catalog.unnest(ARRAY[1]) x, pg_am", "SELECT x FROM unnest(ARRAY[1]) x(x), pgcat.pg_am"},
		{"SELECT s[1] FROM string_to_array('a,b', ',') s, pg_class",
			"SELECT s[1] AS s FROM (SELECT string_to_array('a,b', ',') AS s) s, pgcat.pg_class"},
		{"SELECT c.relname::name, a.atttypid::pg_catalog.oid FROM pg_class c, pg_attribute a",
			`SELECT c.relname::"varchar" AS relname, a.atttypid::"bigint" AS atttypid FROM pgcat.pg_class c, pgcat.pg_attribute a`},
		{"SELECT _pg_expandarray(x) FROM information_schema.columns",
			"SELECT pginfo._pg_expandarray(x) AS _pg_expandarray FROM pginfo.columns"},
		{"SELECT relname FROM pg_class LIMIT 5 OFFSET 2", "SELECT relname FROM pgcat.pg_class LIMIT 5 OFFSET 2"},
	}
	for _, tc := range cases {
		qs, err := p.Catalog(tc.sql)
		if err != nil || qs[0] == nil {
			t.Errorf("%s: %v %v", tc.sql, qs, err)
			continue
		}
		if qs[0].Err != nil {
			t.Errorf("%s: %v", tc.sql, qs[0].Err)
			continue
		}
		if qs[0].SQL != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.sql, qs[0].SQL, tc.want)
		}
	}
}

func TestCatalogBind(t *testing.T) {
	p := demoPlanner(t)
	qs, err := p.Catalog("SELECT relname FROM pg_class WHERE relnamespace = $1 AND relname LIKE $2 AND oid = $3::regclass")
	if err != nil || qs[0] == nil {
		t.Fatal(qs, err)
	}
	q := qs[0]
	if q.NumParams != 3 || q.SQL != "" {
		t.Fatalf("NumParams %d, SQL %q", q.NumParams, q.SQL)
	}
	ns, pattern, rel := "2200", "driver%", "public.driver_stats"
	got, err := q.Bind([]*string{&ns, &pattern, &rel}, []uint32{26})
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT relname FROM pgcat.pg_class WHERE relnamespace = 2200 AND relname LIKE 'driver%' AND oid = pgcat.regclass_in('public', 'driver_stats')"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := q.Bind([]*string{&ns}, nil); sqlerr.Code(err) != sqlerr.ProtocolViolation {
		t.Errorf("too few parameters: %v", err)
	}
	bad := "x"
	if _, err := q.Bind([]*string{&bad, &pattern, &rel}, []uint32{26}); sqlerr.Code(err) != sqlerr.InvalidText {
		t.Errorf("a non-number for an oid parameter: %v", err)
	}
	if got, _ := q.Bind([]*string{nil, &pattern, &rel}, nil); !strings.Contains(got, "relnamespace = NULL") {
		t.Errorf("NULL parameter: %s", got)
	}
}

func TestCatalogSetConfig(t *testing.T) {
	p := demoPlanner(t)
	qs, err := p.Catalog("SELECT pg_catalog.set_config('search_path', '', false), set_config('TimeZone', 'UTC', true)")
	if err != nil || qs[0] == nil {
		t.Fatal(qs, err)
	}
	sets := qs[0].SetConfig
	if len(sets) != 2 || sets[0] != (planner.Set{Name: "search_path", Value: ""}) ||
		sets[1] != (planner.Set{Name: "timezone", Value: "UTC", Local: true}) {
		t.Errorf("SetConfig = %+v", sets)
	}
}

func TestCatalogBadRegclass(t *testing.T) {
	p := demoPlanner(t)
	qs, err := p.Catalog(`SELECT 'a."b'::regclass`)
	if err != nil || qs[0] == nil {
		t.Fatal(qs, err)
	}
	if sqlerr.Code(qs[0].Err) != sqlerr.InvalidName {
		t.Errorf("unterminated quote: %v", qs[0].Err)
	}
}
