package online_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

var (
	day1 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// farEnd is after all demo data.
	farEnd = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

type fixture struct {
	cfg    datagen.Config
	repo   *registry.Repo
	tables map[string]*pitref.Table
	m      *online.Materializer
}

func newFixture(t *testing.T, store online.Store) *fixture {
	return newFixtureOn(t, store, func(t testing.TB, cfg datagen.Config) warehouse.Warehouse {
		return testenv.Warehouse(t, cfg)
	})
}

// newFixtureOn is newFixture with the warehouse that open makes.
func newFixtureOn(t *testing.T, store online.Store, open func(testing.TB, datagen.Config) warehouse.Warehouse) *fixture {
	cfg := testenv.SmallDemo()
	f := &fixture{cfg: cfg, repo: testenv.Repo(t, "testdata/repo"), tables: testenv.DemoTables(cfg)}
	state, err := online.OpenState(filepath.Join(t.TempDir(), online.StateFile))
	if err != nil {
		t.Fatal(err)
	}
	wh := open(t, cfg)
	loadTies(t, wh, f.tables)
	f.m = &online.Materializer{Repo: f.repo, Warehouse: wh, Store: store, State: state,
		BatchSize: 97, Now: func() time.Time { return farEnd }}
	return f
}

// views maps each online view of the test repo to its source table.
var views = map[string]string{"driver_hourly_stats": "driver_stats", "customer_profile": "customer_stats", "tie_view": "tie_stats"}

// reference is the latest row per key with event time in [start, end),
// by brute force over the generated rows, ties as DESIGN §2.2.
func (f *fixture) reference(v *registry.FeatureView, start, end time.Time) (best map[any]online.Row, rows []online.Row) {
	tab := f.tables[views[v.Name]]
	col := func(name string) int {
		for i, c := range tab.Cols {
			if c == name {
				return i
			}
		}
		panic(name)
	}
	key, ts, created := col(v.JoinKeys()[0]), col(v.Source.TimestampField), col(v.Source.CreatedTimestampField)
	feats := make([]int, len(v.Features))
	for i, ft := range v.Features {
		feats[i] = col(v.Source.Column(ft.Name))
	}
	best = map[any]online.Row{}
	for _, r := range tab.Rows {
		t, ok := r[ts].(time.Time)
		if r[key] == nil || !ok || t.Before(start) || !t.Before(end) {
			continue
		}
		row := online.Row{Key: online.Key{r[key]}, EventTS: t, Values: make([]any, len(feats))}
		if c, ok := r[created].(time.Time); ok {
			row.Created = c
		}
		for i, fi := range feats {
			row.Values[i] = r[fi]
		}
		if old, ok := best[r[key]]; !ok || ranksBefore(row, old) {
			best[r[key]] = row
		}
		rows = append(rows, row)
	}
	return best, rows
}

// rankOne counts the rows the query returns: those tied with their key's
// winner on event time and created timestamp (the store breaks the rest).
func rankOne(best map[any]online.Row, rows []online.Row) int64 {
	n := int64(0)
	for _, r := range rows {
		w := best[r.Key[0]]
		if r.EventTS.Equal(w.EventTS) && r.Created.Equal(w.Created) {
			n++
		}
	}
	return n
}

func ranksBefore(a, b online.Row) bool {
	if c := a.EventTS.Compare(b.EventTS); c != 0 {
		return c > 0
	}
	if c := cmpNullsLow(timeOrNil(a.Created), timeOrNil(b.Created)); c != 0 {
		return c > 0
	}
	for i := range a.Values {
		if c := cmpNullsLow(a.Values[i], b.Values[i]); c != 0 {
			return c > 0
		}
	}
	return false
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func cmpNullsLow(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case string:
		return cmp.Compare(x, b.(string))
	case time.Time:
		return x.Compare(b.(time.Time))
	}
	panic(fmt.Sprintf("cannot compare %T", a))
}

// allKeys is every key value of the view's source table, NULL excluded.
func (f *fixture) allKeys(v *registry.FeatureView) []online.Key {
	tab := f.tables[views[v.Name]]
	seen := map[any]bool{}
	var keys []online.Key
	for _, r := range tab.Rows {
		k := r[0] // the key is the first column of both demo feature tables
		if k != nil && !seen[k] {
			seen[k] = true
			keys = append(keys, online.Key{k})
		}
	}
	return append(keys, online.Key{int64(-1)}, online.Key{int64(999_999)})
}

// check compares every key of every online view with the reference.
func (f *fixture) check(t *testing.T, store online.Store, start, end time.Time) {
	t.Helper()
	for name := range views {
		v := f.repo.View(name)
		want, _ := f.reference(v, start, end)
		keys := f.allKeys(v)
		res, err := store.Read(context.Background(), []online.Lookup{{View: v, Keys: keys}})
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for j, got := range res[0] {
			w, ok := want[keys[j][0]]
			if got.Found != ok {
				t.Errorf("%s %v: found=%v, reference has it: %v", name, keys[j], got.Found, ok)
				continue
			}
			if !ok {
				continue
			}
			found++
			if !got.EventTS.Equal(w.EventTS) || !valuesEqual(got.Values, w.Values) {
				t.Errorf("%s %v: got %v %v, want %v %v", name, keys[j], got.EventTS, got.Values, w.EventTS, w.Values)
			}
		}
		if found == 0 && len(want) > 0 {
			t.Errorf("%s: nothing compared", name)
		}
	}
}

func valuesEqual(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !onlinetest.ValueEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestMaterializeMatchesReference(t *testing.T) {
	intervals := []online.Interval{
		{Start: online.Epoch, End: farEnd},
		{Start: day1.Add(26 * time.Hour), End: day1.Add(75*time.Hour + 30*time.Minute)},
		{Start: day1.Add(-time.Hour), End: day1.Add(time.Hour)},
		{Start: farEnd, End: farEnd.Add(time.Hour)}, // no rows at all
	}
	for _, iv := range intervals {
		t.Run(fmt.Sprintf("%s..%s", iv.Start.Format(time.DateTime), iv.End.Format(time.DateTime)), func(t *testing.T) {
			store := openEmbedded(t)
			defer store.Close()
			f := newFixture(t, store)
			reports, err := f.m.Materialize(context.Background(), nil, iv.Start, iv.End)
			if err != nil {
				t.Fatal(err)
			}
			if len(reports) != len(views) {
				t.Fatalf("reports for %d views, want %d", len(reports), len(views))
			}
			for _, r := range reports {
				if want := rankOne(f.reference(f.repo.View(r.View), iv.Start, iv.End)); r.Rows != want {
					t.Errorf("%s: wrote %d rows, the reference has %d rows of rank 1", r.View, r.Rows, want)
				}
			}
			f.check(t, store, iv.Start, iv.End)
		})
	}
}

// TestMaterializeFromPostgres runs the query on a PostgreSQL warehouse
// whose collation is not byte-wise (ICU en-US sorts 'B' after 'a'): the
// text tie of tie_view must still go to 'a', as the contract says.
func TestMaterializeFromPostgres(t *testing.T) {
	store := openEmbedded(t)
	defer store.Close()
	f := newFixtureOn(t, store, func(t testing.TB, cfg datagen.Config) warehouse.Warehouse {
		return testenv.PostgresWarehouse(t, testenv.PostgresICU(t), cfg)
	})
	if _, err := f.m.Materialize(context.Background(), nil, online.Epoch, farEnd); err != nil {
		t.Fatal(err)
	}
	f.check(t, store, online.Epoch, farEnd)
}

func TestMaterializeIntoPostgres(t *testing.T) {
	store, err := postgres.Open(context.Background(), postgres.Options{DSN: onlinetest.PostgresDSN(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	f := newFixture(t, store)
	if _, err := f.m.Materialize(context.Background(), nil, online.Epoch, farEnd); err != nil {
		t.Fatal(err)
	}
	f.check(t, store, online.Epoch, farEnd)
}

// snapshot reads every key of every online view.
func (f *fixture) snapshot(t *testing.T, store online.Store) [][]online.Result {
	var lookups []online.Lookup
	for _, name := range []string{"customer_profile", "driver_hourly_stats", "tie_view"} {
		v := f.repo.View(name)
		lookups = append(lookups, online.Lookup{View: v, Keys: f.allKeys(v)})
	}
	res, err := store.Read(context.Background(), lookups)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMaterializeRerunIsIdempotent(t *testing.T) {
	store := openEmbedded(t)
	defer store.Close()
	f := newFixture(t, store)
	ctx := context.Background()
	start, end := day1.Add(10*time.Hour), day1.Add(50*time.Hour)
	if _, err := f.m.Materialize(ctx, nil, start, end); err != nil {
		t.Fatal(err)
	}
	before := f.snapshot(t, store)
	stateBefore, err := os.ReadFile(f.m.State.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.Materialize(ctx, nil, start, end); err != nil {
		t.Fatal(err)
	}
	after := f.snapshot(t, store)
	for i := range before {
		for j := range before[i] {
			if b, a := before[i][j], after[i][j]; b.Found != a.Found || !b.EventTS.Equal(a.EventTS) || !valuesEqual(b.Values, a.Values) {
				t.Errorf("lookup %d key %d changed on re-run: %+v -> %+v", i, j, b, a)
			}
		}
	}
	stateAfter, _ := os.ReadFile(f.m.State.Path())
	if string(stateBefore) != string(stateAfter) {
		t.Errorf("state changed on re-run:\n%s\n->\n%s", stateBefore, stateAfter)
	}
	f.check(t, store, start, end)
}

func TestIncrementalContinuesFromLastEnd(t *testing.T) {
	store := openEmbedded(t)
	defer store.Close()
	f := newFixture(t, store)
	ctx := context.Background()
	mid, end := day1.Add(40*time.Hour), farEnd
	first, err := f.m.Incremental(ctx, nil, mid)
	if err != nil {
		t.Fatal(err)
	}
	f.check(t, store, online.Epoch, mid)
	second, err := f.m.Incremental(ctx, nil, end)
	if err != nil {
		t.Fatal(err)
	}
	for i := range second {
		if !first[i].Start.Equal(online.Epoch) || !second[i].Start.Equal(mid) || !second[i].End.Equal(end) {
			t.Errorf("%s: runs %v..%v then %v..%v, want epoch..%v then %v..%v", second[i].View,
				first[i].Start, first[i].End, second[i].Start, second[i].End, mid, mid, end)
		}
	}
	f.check(t, store, online.Epoch, end)
	third, err := f.m.Incremental(ctx, nil, end)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range third {
		if r.Rows != 0 {
			t.Errorf("%s: an up-to-date view wrote %d rows", r.View, r.Rows)
		}
	}
	vs, err := f.m.State.View(f.repo.View("driver_hourly_stats"))
	if err != nil || len(vs.Intervals) != 1 || !vs.Intervals[0].End.Equal(end) {
		t.Errorf("state: %+v, %v; want one merged interval ending %v", vs, err, end)
	}
}

func TestMaterializeProgressAndErrors(t *testing.T) {
	store := openEmbedded(t)
	defer store.Close()
	f := newFixture(t, store)
	ctx := context.Background()
	var calls int
	var last int64
	f.m.Progress = func(view string, rows int64) {
		calls++
		if rows <= last && view == "driver_hourly_stats" {
			t.Errorf("progress went from %d to %d", last, rows)
		}
		last = rows
	}
	reports, err := f.m.Materialize(ctx, []string{"driver_hourly_stats"}, online.Epoch, farEnd)
	if err != nil {
		t.Fatal(err)
	}
	if want := (reports[0].Rows + 96) / 97; int64(calls) != want || last != reports[0].Rows {
		t.Errorf("progress: %d calls ending at %d, want %d calls ending at %d", calls, last, want, reports[0].Rows)
	}
	cases := []struct {
		name  string
		views []string
		start time.Time
		code  string
	}{
		{"unknown view", []string{"nope"}, online.Epoch, "42P01"},
		{"offline view", []string{"customer_archive"}, online.Epoch, "55000"},
		{"empty interval", nil, farEnd, "22023"},
	}
	for _, c := range cases {
		_, err := f.m.Materialize(ctx, c.views, c.start, farEnd)
		if code := codeOf(err); code != c.code {
			t.Errorf("%s: got %v (%s), want SQLSTATE %s", c.name, err, code, c.code)
		}
	}
}
