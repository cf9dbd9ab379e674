package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
	"github.com/pitgate/pitgate/registry"
)

func stateView(t *testing.T, features ...string) *registry.FeatureView {
	t.Helper()
	v := &registry.FeatureView{Name: "stats", Online: true,
		Entities: []*registry.Entity{{Name: "driver", JoinKeys: []string{"driver_id"}}},
		Source:   &registry.Source{Name: "src", Table: "driver_stats", TimestampField: "ts"}}
	for _, f := range features {
		typ, err := registry.ParseType("float8")
		if err != nil {
			t.Fatal(err)
		}
		v.Features = append(v.Features, &registry.Feature{Name: f, Type: typ})
	}
	return v
}

func openState(t *testing.T, dsn string) *online.State {
	t.Helper()
	st, b, err := postgres.OpenState(context.Background(), postgres.StateOptions{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return st
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func hours(a, b int) online.Interval {
	return online.Interval{Start: t0.Add(time.Duration(a) * time.Hour), End: t0.Add(time.Duration(b) * time.Hour)}
}

// TestStateSharedByGateways: two states on one database (two gateways)
// see each other's intervals; concurrent Records from both all land (the
// row lock makes each read-modify-write atomic); a changed definition
// starts the view over.
func TestStateSharedByGateways(t *testing.T) {
	dsn := onlinetest.PostgresDSN(t)
	a, b := openState(t, dsn), openState(t, dsn)
	v := stateView(t, "conv")
	if _, ok, err := a.LastEnd(v); err != nil || ok {
		t.Fatalf("a fresh state has an end (%v, %v)", ok, err)
	}
	if err := a.Record(v, hours(0, 1), 10, t0); err != nil {
		t.Fatal(err)
	}
	if end, ok, err := b.LastEnd(v); err != nil || !ok || !end.Equal(t0.Add(time.Hour)) {
		t.Fatalf("the other gateway reads end %v, %v, %v; want %v", end, ok, err, t0.Add(time.Hour))
	}

	const writers = 24
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- st.Record(v, hours(2+2*i, 3+2*i), int64(i), t0) // disjoint: nothing merges
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	vs, err := a.View(v)
	if err != nil {
		t.Fatal(err)
	}
	want := []online.Interval{hours(0, 1)}
	for i := 0; i < writers; i++ {
		want = append(want, hours(2+2*i, 3+2*i))
	}
	if fmt.Sprint(vs.Intervals) != fmt.Sprint(want) {
		t.Fatalf("after %d concurrent records: %v\nwant %v", writers, vs.Intervals, want)
	}

	// Filling the gaps merges them into one interval.
	for i := 0; i < writers; i++ {
		if err := b.Record(v, hours(1+2*i, 2+2*i), 1, t0); err != nil {
			t.Fatal(err)
		}
	}
	if vs, _ := a.View(v); fmt.Sprint(vs.Intervals) != fmt.Sprint([]online.Interval{hours(0, 3+2*(writers-1))}) {
		t.Fatalf("merged: %v", vs.Intervals)
	}

	changed := stateView(t, "conv", "acc")
	if _, ok, err := b.LastEnd(changed); err != nil || ok {
		t.Fatalf("a changed view keeps its old intervals (%v, %v)", ok, err)
	}
}

// TestStateUnreachable: a state whose PostgreSQL does not answer fails
// with 08006 when opened.
func TestStateUnreachable(t *testing.T) {
	_, _, err := postgres.OpenState(context.Background(), postgres.StateOptions{
		DSN: "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
	if err == nil || !containsCode(err, "08006") {
		t.Fatalf("opening an unreachable state: %v, want 08006", err)
	}
}

func containsCode(err error, code string) bool {
	type coded interface{ SQLState() string }
	if c, ok := err.(coded); ok {
		return c.SQLState() == code
	}
	return false
}
