package difftest

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/pitcase"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/plan"
)

// postgresWithoutCollate is the postgres dialect minus its one
// collation rule: text tie-breaks in the database's default collation.
type postgresWithoutCollate struct{ dialects.Postgres }

func (postgresWithoutCollate) OrderKey(sql string, _ plan.Type) string { return sql }

// TestPostgresTieBreaksNeedCollateC shows why the postgres dialect orders
// text tie-breaks with COLLATE "C": on a database whose default collation
// is ICU's en-US, the same SQL without it picks other winners than the
// byte-wise contract, in some scenario of the differential test's seeds.
// (The ICU database is also where the differential test itself runs.)
func TestPostgresTieBreaksNeedCollateC(t *testing.T) {
	ctx := context.Background()
	h := newPostgresHarness(t, postgresWithoutCollate{})
	for _, seed := range seeds() {
		s := pitref.RandomScenario(seed)
		l, err := h.load(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range pitcase.Variants(s) {
			r, err := h.run(ctx, l, v)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if diff := pitref.Compare(r.got, pitref.Evaluate(s.Left, v.Joins()...)); diff != "" {
				t.Logf("seed %d (variant %s) differs without COLLATE \"C\", as it must:\n%s", seed, v.Name, diff)
				return
			}
		}
		if err := h.drop(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("no scenario among %d seeds tells ICU ordering from byte-wise ordering: the test lost its teeth", len(seeds()))
}
