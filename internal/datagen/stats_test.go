package datagen

import (
	"fmt"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/pitref"
)

// TestStatsMatchPitref recounts every statistic by brute force, the order
// statistics through pitref's ASOF joins, and requires Measure's streaming
// counts to match, each being non-zero so the match says something.
func TestStatsMatchPitref(t *testing.T) {
	cfg := small()
	got, err := Measure(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tabs := map[string]*pitref.Table{}
	for _, spec := range Tables(cfg) {
		tab := &pitref.Table{}
		for _, c := range spec.Cols {
			tab.Cols = append(tab.Cols, c.Name)
		}
		for row := range spec.Rows {
			tab.Rows = append(tab.Rows, row)
		}
		tabs[spec.Name] = tab
	}
	want := bruteForceStats(tabs)
	for name, w := range want {
		g := statByName(got, name)
		if g != w {
			t.Errorf("%s: streaming count %d, brute force %d", name, g, w)
		}
		if w == 0 {
			t.Errorf("%s is 0 at this size: the comparison proves nothing; grow the config", name)
		}
	}
}

func statByName(s Stats, name string) int64 {
	return map[string]int64{
		"TiesOnEventTime": s.TiesOnEventTime, "LateArrivals": s.LateArrivals,
		"NullDriverKeys": s.NullDriverKeys, "NullCustomerKeys": s.NullCustomerKeys,
		"OrdersBeforeAnyFeature": s.OrdersBeforeAnyFeature, "OrdersOlderThanTTL": s.OrdersOlderThanTTL,
		"NullFeatureValues": s.NullFeatureValues, "UnknownKeys": s.UnknownKeys,
		"DuplicateOrders": s.DuplicateOrders, "OrdersAtFeatureTime": s.OrdersAtFeatureTime,
		"OrdersAtTTLEdge": s.OrdersAtTTLEdge,
	}[name]
}

func bruteForceStats(tabs map[string]*pitref.Table) map[string]int64 {
	want := map[string]int64{}
	for _, name := range []string{DriverStats, CustomerStats} {
		featureTableStats(tabs[name], want)
	}
	orders := tabs[Orders]
	want["NullDriverKeys"] += countNil(orders, 1)
	want["NullCustomerKeys"] += countNil(orders, 2)
	want["DuplicateOrders"] = int64(len(orders.Rows)) - distinct(orders.Rows, 0, 1, 3)
	orderStats(tabs, want)
	return want
}

func featureTableStats(tab *pitref.Table, want map[string]int64) {
	var keyed [][]any
	for _, r := range tab.Rows {
		if r[0] != nil {
			keyed = append(keyed, r)
		}
		if r[2].(time.Time).Sub(r[1].(time.Time)) > LateAfter {
			want["LateArrivals"]++
		}
		for _, v := range r[3:] {
			if v == nil {
				want["NullFeatureValues"]++
			}
		}
	}
	want["TiesOnEventTime"] += int64(len(keyed)) - distinct(keyed, 0, 1)
	want[map[string]string{"driver_id": "NullDriverKeys", "customer_id": "NullCustomerKeys"}[tab.Cols[0]]] += countNil(tab, 0)
}

// orderStats joins orders with the feature tables through pitref, taking
// each winner's event_timestamp as the feature.
func orderStats(tabs map[string]*pitref.Table, want map[string]int64) {
	asof := func(right, key, prefix string, ttl time.Duration) pitref.Join {
		return pitref.Join{Right: tabs[right], Keys: []pitref.KeyPair{{Left: key, Right: key}},
			LeftTS: "event_timestamp", RightTS: "event_timestamp", TTL: ttl,
			Features: []string{"event_timestamp"}, Prefix: prefix}
	}
	joined := pitref.Evaluate(tabs[Orders],
		asof(DriverStats, "driver_id", "d_", 0),
		asof(DriverStats, "driver_id", "dt_", DriverTTL),
		asof(CustomerStats, "customer_id", "c_", 0))
	drivers, customers := keysOf(tabs[DriverStats]), keysOf(tabs[CustomerStats])
	for _, r := range joined.Rows {
		ts, d, dt, c := r[3].(time.Time), r[4], r[5], r[6]
		knownDriver, knownCustomer := drivers[r[1]], customers[r[2]]
		count := func(name string, cond bool) {
			if cond {
				want[name]++
			}
		}
		count("UnknownKeys", r[1] != nil && !knownDriver || r[2] != nil && !knownCustomer)
		count("OrdersBeforeAnyFeature", knownDriver && d == nil || knownCustomer && c == nil)
		count("OrdersOlderThanTTL", d != nil && dt == nil)
		count("OrdersAtFeatureTime", d != nil && d.(time.Time).Equal(ts))
		count("OrdersAtTTLEdge", dt != nil && dt.(time.Time).Equal(ts.Add(-DriverTTL)))
	}
}

func keysOf(tab *pitref.Table) map[any]bool {
	keys := map[any]bool{}
	for _, r := range tab.Rows {
		if r[0] != nil {
			keys[r[0]] = true
		}
	}
	return keys
}

func countNil(tab *pitref.Table, col int) int64 {
	var n int64
	for _, r := range tab.Rows {
		if r[col] == nil {
			n++
		}
	}
	return n
}

func distinct(rows [][]any, cols ...int) int64 {
	seen := map[string]bool{}
	for _, r := range rows {
		key := ""
		for _, c := range cols {
			key += fmt.Sprintf("%v|", r[c])
		}
		seen[key] = true
	}
	return int64(len(seen))
}
