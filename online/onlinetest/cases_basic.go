package onlinetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/registry"
)

type viewRef = *registry.FeatureView

// T0 is the base event time of the suite's rows.
var T0 = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return T0.Add(time.Duration(sec) * time.Second) }

func statsRow(id int64, sec int, conv any, trips any, label any) online.Row {
	return online.Row{Key: online.Key{id}, EventTS: at(sec), Values: []any{conv, trips, label}}
}

func wantStats(t *testing.T, got online.Result, sec int, conv any, trips any, label any) {
	t.Helper()
	want := online.Result{Found: true, EventTS: at(sec), Values: []any{conv, trips, label}}
	if !resultEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func testLatestWins(t *testing.T, s online.Store) {
	write(t, s, Stats, statsRow(1, 10, 0.1, int64(1), "a"))
	write(t, s, Stats, statsRow(1, 20, 0.2, int64(2), "b"))
	wantStats(t, readOne(t, s, Stats, int64(1)), 20, 0.2, int64(2), "b")
	// In one batch the latest row wins whatever its place.
	write(t, s, Stats, statsRow(2, 30, 0.3, int64(3), "c"), statsRow(2, 40, 0.4, int64(4), "d"), statsRow(2, 35, 0.35, int64(5), "e"))
	wantStats(t, readOne(t, s, Stats, int64(2)), 40, 0.4, int64(4), "d")
}

func testOlderIgnored(t *testing.T, s online.Store) {
	write(t, s, Stats, statsRow(1, 50, 0.5, int64(5), "new"))
	write(t, s, Stats, statsRow(1, 49, 0.9, int64(9), "old"))
	write(t, s, Stats, statsRow(1, -1000, 0.9, int64(9), "older"))
	wantStats(t, readOne(t, s, Stats, int64(1)), 50, 0.5, int64(5), "new")
}

// testTies writes each pair in both orders, apart and in one batch: the
// winner must not depend on the order.
func testTies(t *testing.T, s online.Store) {
	created := func(r online.Row, sec int) online.Row { r.Created = at(sec); return r }
	cases := []struct {
		name        string
		loser, wins online.Row
	}{
		{"greater event time beats greater created",
			created(statsRow(0, 1, 0.9, int64(9), "z"), 100), created(statsRow(0, 2, 0.1, int64(1), "a"), 3)},
		{"later created wins", created(statsRow(0, 5, 0.9, int64(9), "z"), 6), created(statsRow(0, 5, 0.1, int64(1), "a"), 7)},
		{"no created loses", statsRow(0, 5, 0.9, int64(9), "z"), created(statsRow(0, 5, 0.1, int64(1), "a"), 7)},
		{"greater first feature wins", statsRow(0, 5, 0.2, int64(9), "z"), statsRow(0, 5, 0.3, int64(1), "a")},
		{"negative features", statsRow(0, 5, -2.0, int64(9), "z"), statsRow(0, 5, -1.0, int64(1), "a")},
		{"second feature decides", statsRow(0, 5, 0.5, int64(3), "z"), statsRow(0, 5, 0.5, int64(4), "a")},
		{"NULL feature loses", statsRow(0, 5, nil, int64(9), "z"), statsRow(0, 5, -9.0, int64(1), "a")},
		{"text compares byte-wise", statsRow(0, 5, 0.5, int64(1), "B"), statsRow(0, 5, 0.5, int64(1), "a")},
		{"longer text wins over its prefix", statsRow(0, 5, 0.5, int64(1), "ab"), statsRow(0, 5, 0.5, int64(1), "ab\x00")},
	}
	id := int64(0)
	for _, c := range cases {
		for _, order := range []string{"loser first", "winner first", "one batch", "one batch reversed"} {
			id++
			loser, wins := c.loser, c.wins
			loser.Key, wins.Key = online.Key{id}, online.Key{id}
			switch order {
			case "loser first":
				write(t, s, Stats, loser)
				write(t, s, Stats, wins)
			case "winner first":
				write(t, s, Stats, wins)
				write(t, s, Stats, loser)
			case "one batch":
				write(t, s, Stats, loser, wins)
			default:
				write(t, s, Stats, wins, loser)
			}
			got := readOne(t, s, Stats, id)
			want := online.Result{Found: true, EventTS: wins.EventTS, Values: wins.Values}
			if !resultEqual(got, want) {
				t.Errorf("%s, %s: got %+v, want %+v", c.name, order, got, want)
			}
		}
	}
}

func testMultiColumnKeys(t *testing.T, s online.Store) {
	row := func(city int64, zone string, demand int64) online.Row {
		return online.Row{Key: online.Key{city, zone}, EventTS: T0, Values: []any{demand}}
	}
	write(t, s, Zones, row(1, "23", 123), row(12, "3", 3), row(1, "2", 12), row(-1, "", 0))
	cases := []struct {
		key   online.Key
		found bool
		want  int64
	}{
		{online.Key{int64(1), "23"}, true, 123},
		{online.Key{int64(12), "3"}, true, 3},
		{online.Key{int64(1), "2"}, true, 12},
		{online.Key{int64(-1), ""}, true, 0},
		{online.Key{int32(12), "3"}, true, 3}, // integer widths name the same key
		{online.Key{int64(123), ""}, false, 0},
		{online.Key{int64(1), "3"}, false, 0},
		{online.Key{"1", "23"}, false, 0}, // a text key is not an integer key
	}
	for _, c := range cases {
		got := readOne(t, s, Zones, c.key...)
		if got.Found != c.found || (c.found && got.Values[0] != c.want) {
			t.Errorf("key %v: got %+v, want found=%v demand=%d", c.key, got, c.found, c.want)
		}
	}
}

func testUnknownKeys(t *testing.T, s online.Store) {
	write(t, s, Stats, statsRow(7, 1, 0.7, int64(7), "seven"))
	keys := []online.Key{{int64(8)}, {int64(7)}, {nil}, {int64(-7)}, {int64(7)}}
	res, err := s.Read(context.Background(), []online.Lookup{
		{View: Stats, Keys: keys},
		{View: Profile, Keys: []online.Key{{int64(7)}}}, // a view never written
		{View: Stats, Keys: nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantFound := []bool{false, true, false, false, true}
	for j, r := range res[0] {
		if r.Found != wantFound[j] || (!r.Found && (r.Values != nil || !r.EventTS.IsZero())) {
			t.Errorf("key %v: got %+v, want found=%v", keys[j], r, wantFound[j])
		}
	}
	if res[1][0].Found || len(res[2]) != 0 {
		t.Errorf("unwritten view: got %+v, empty lookup: got %d results", res[1][0], len(res[2]))
	}
}

func testManyViews(t *testing.T, s online.Store) {
	write(t, s, Stats, statsRow(1, 1, 0.1, int64(1), "s1"), statsRow(2, 2, 0.2, int64(2), "s2"))
	write(t, s, Profile, online.Row{Key: online.Key{int64(1)}, EventTS: at(5), Values: []any{9.5}})
	// customer 1 is not driver 1: the join key's name is part of the key.
	write(t, s, Spend, online.Row{Key: online.Key{int64(1)}, EventTS: at(7), Values: []any{42.0}})
	res, err := s.Read(context.Background(), []online.Lookup{
		{View: Stats, Keys: []online.Key{{int64(2)}, {int64(1)}}},
		{View: Profile, Keys: []online.Key{{int64(1)}, {int64(2)}}},
		{View: Spend, Keys: []online.Key{{int64(1)}, {int64(2)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]online.Result{
		{{Found: true, EventTS: at(2), Values: []any{0.2, int64(2), "s2"}}, {Found: true, EventTS: at(1), Values: []any{0.1, int64(1), "s1"}}},
		{{Found: true, EventTS: at(5), Values: []any{9.5}}, {}},
		{{Found: true, EventTS: at(7), Values: []any{42.0}}, {}},
	}
	for i := range want {
		for j := range want[i] {
			if !resultEqual(res[i][j], want[i][j]) {
				t.Errorf("lookup %d key %d: got %+v, want %+v", i, j, res[i][j], want[i][j])
			}
		}
	}
}

func testInvalidBatch(t *testing.T, s online.Store) {
	cases := []struct {
		name   string
		bad    online.Row
		code   string
		column string
	}{
		{"wrong type", statsRow(2, 1, 0.5, "three", "x"), "42804", "trips"},
		{"NULL key", online.Row{Key: online.Key{nil}, EventTS: at(1), Values: []any{0.5, int64(1), "x"}}, "23502", "driver_id"},
		{"no event time", online.Row{Key: online.Key{int64(2)}, Values: []any{0.5, int64(1), "x"}}, "23502", "event_timestamp"},
		{"too few values", online.Row{Key: online.Key{int64(2)}, EventTS: at(1), Values: []any{0.5}}, "22023", "3 features"},
	}
	for _, c := range cases {
		err := s.Write(context.Background(), Stats, []online.Row{statsRow(1, 1, 0.1, int64(1), "ok"), c.bad})
		if err == nil || sqlerr.Code(err) != c.code || !contains(err.Error(), c.column) {
			t.Errorf("%s: got %v (%s), want SQLSTATE %s naming %s", c.name, err, sqlerr.Code(err), c.code, c.column)
		}
		if r := readOne(t, s, Stats, int64(1)); r.Found {
			t.Errorf("%s: the valid row of the failed batch was written: %+v", c.name, r)
		}
	}
	err := s.Write(context.Background(), Types, []online.Row{{Key: online.Key{int64(1)}, EventTS: T0,
		Values: append([]any{nil, int64(40000)}, make([]any, len(Types.Features)-2)...)}})
	if sqlerr.Code(err) != "22003" || !contains(err.Error(), "i2") {
		t.Errorf("int2 out of range: got %v (%s), want 22003 naming i2", err, sqlerr.Code(err))
	}
}

func testIdempotent(t *testing.T, s online.Store) {
	rows := []online.Row{statsRow(1, 3, 0.3, int64(3), "x"), statsRow(2, 4, nil, nil, nil)}
	for i := 0; i < 3; i++ {
		write(t, s, Stats, rows...)
		wantStats(t, readOne(t, s, Stats, int64(1)), 3, 0.3, int64(3), "x")
		wantStats(t, readOne(t, s, Stats, int64(2)), 4, nil, nil, nil)
	}
}

func testBigBatch(t *testing.T, s online.Store) {
	const n = 10_000
	rows := make([]online.Row, n)
	keys := make([]online.Key, n)
	for i := range rows {
		rows[i] = statsRow(int64(i), i, float64(i)/8, int64(-i), fmt.Sprint("k", i))
		keys[n-1-i] = online.Key{int64(i)}
	}
	write(t, s, Stats, rows...)
	res, err := s.Read(context.Background(), []online.Lookup{{View: Stats, Keys: keys}})
	if err != nil {
		t.Fatal(err)
	}
	for j, r := range res[0] {
		i := n - 1 - j
		want := online.Result{Found: true, EventTS: at(i), Values: []any{float64(i) / 8, int64(-i), fmt.Sprint("k", i)}}
		if !resultEqual(r, want) {
			t.Fatalf("key %d: got %+v, want %+v", i, r, want)
		}
	}
}
