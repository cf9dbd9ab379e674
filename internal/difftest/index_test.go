package difftest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/pitcase"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

// indexRights creates, on each join's right table, a btree on the join's
// right key columns then its time column.
func (h *harness) indexRights(ctx context.Context, schema string, s pitref.Scenario) error {
	for i, j := range s.Joins {
		var cols []string
		for _, k := range j.Keys {
			cols = append(cols, h.d.QuoteIdent(k.Right))
		}
		cols = append(cols, h.d.QuoteIdent(j.RightTS))
		sql := fmt.Sprintf("CREATE INDEX ON %s.%s (%s)", schema, pitcase.RightTable(i+1), strings.Join(cols, ", "))
		if err := h.wh.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	return nil
}

// TestPostgresAutoStrategyFollowsIndex checks that the postgres dialect's
// default strategy prints LATERAL for an ASOF join exactly when the right
// table has a btree whose leading columns are the join keys (in any
// order) and then the time column, for a feature view and for a plain
// table on the right, and the window strategy otherwise.
func TestPostgresAutoStrategyFollowsIndex(t *testing.T) {
	h := newPostgresHarness(t, dialects.Postgres{})
	ctx := context.Background()
	schema := h.prefix + "auto"
	setup := fmt.Sprintf(`CREATE SCHEMA %[1]s;
		CREATE TABLE %[1]s.l (id int8, k1 int8, k2 text, ts timestamptz);
		CREATE TABLE %[1]s.r (k1 int8, k2 text, ts timestamptz, created timestamptz, f_int int8)`, schema)
	if err := h.wh.Exec(ctx, setup); err != nil {
		t.Fatal(err)
	}
	repo, err := registry.Parse(map[string][]byte{"auto.yaml": []byte(fmt.Sprintf(`entities:
  - name: e
    join_keys: [k1, k2]
sources:
  - name: s
    table: %s.r
    timestamp_field: ts
    created_timestamp_field: created
feature_views:
  - name: v
    entities: [e]
    source: s
    ttl: 0s
    online: false
    features:
      - {name: f_int, type: int8}
`, schema))})
	if err != nil {
		t.Fatal(err)
	}
	queries := map[string]string{
		"view":  "SELECT l.id, v.f_int FROM " + schema + ".l AS l ASOF LEFT JOIN v ON v.k1 = l.k1 AND v.k2 = l.k2 AND v.event_timestamp <= l.ts",
		"table": "SELECT l.id, r.f_int FROM " + schema + ".l AS l ASOF JOIN " + schema + ".r AS r ON r.k2 = l.k2 AND r.k1 = l.k1 AND r.ts < l.ts",
	}
	cases := []struct {
		index   string // the DDL of the right table's index, "" for none
		lateral bool
	}{
		{"", false},
		{"(k1, k2, ts)", true},
		{"(k2, k1, ts DESC, created)", true},
		{"(k1, ts)", false},
		{"(ts, k1, k2)", false},
		{"(k1, k2)", false},
		{"(k1, k2, ts) WHERE f_int > 0", false},
		{"(k1, k2, (ts AT TIME ZONE 'UTC'))", false},
	}
	for _, c := range cases {
		ddl := "DROP INDEX IF EXISTS " + schema + ".r_ix"
		if c.index != "" {
			ddl += "; CREATE INDEX r_ix ON " + schema + ".r " + c.index
		}
		if err := h.wh.Exec(ctx, ddl); err != nil {
			t.Fatal(err)
		}
		// A fresh cache: the gateway's keeps a table's indexes a few seconds.
		p := planner.New(repo, gateway.TablesOf(h.wh))
		for name, q := range queries {
			stmts, err := p.Plan(ctx, q)
			if err != nil || stmts[0].Err != nil {
				t.Fatalf("%s: %v %v", q, err, stmts[0].Err)
			}
			sql, err := dialects.Print(dialects.Postgres{}, stmts[0].Query.Root)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(sql, "JOIN LATERAL"); got != c.lateral {
				t.Errorf("index %q, %s on the right: LATERAL printed = %v, want %v\n%s", c.index, name, got, c.lateral, sql)
			}
			// The explicit strategies ignore the index.
			for _, d := range []dialects.Postgres{{Window: true}, {Lateral: true}} {
				forced, err := dialects.Print(d, stmts[0].Query.Root)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Contains(forced, "JOIN LATERAL"); got != d.Lateral {
					t.Errorf("%+v with index %q: LATERAL printed = %v", d, c.index, got)
				}
			}
		}
	}
	if err := h.wh.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
		t.Error(err)
	}
}
