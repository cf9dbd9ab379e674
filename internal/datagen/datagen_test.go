package datagen

import (
	"fmt"
	"hash/fnv"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

func small() Config {
	return Config{Seed: 7, Drivers: 12, Customers: 30, Orders: 3000, HoursOfHistory: 10 * 24}
}

// digest hashes every row of every table, in order.
func digest(cfg Config) map[string]uint64 {
	out := map[string]uint64{}
	for _, spec := range Tables(cfg) {
		h := fnv.New64a()
		for row := range spec.Rows {
			fmt.Fprintf(h, "%#v\n", row)
		}
		out[spec.Name] = h.Sum64()
	}
	return out
}

func TestTablesAreDeterministic(t *testing.T) {
	cfg := DefaultConfig()
	first, second := digest(cfg), digest(cfg)
	for name, d := range first {
		if second[name] != d {
			t.Errorf("%s differs between two runs with the same config", name)
		}
	}
	cfg.Seed++
	other := digest(cfg)
	for name, d := range first {
		if other[name] == d {
			t.Errorf("%s is the same for seeds %d and %d", name, cfg.Seed-1, cfg.Seed)
		}
	}
}

func TestTablesColumns(t *testing.T) {
	want := map[string]string{
		DriverStats:   "driver_id int8, event_timestamp timestamptz, created timestamptz, conv_rate float8, acc_rate float8, avg_daily_trips int8",
		CustomerStats: "customer_id int8, event_timestamp timestamptz, created timestamptz, current_balance float8, avg_passenger_spend float8, lifetime_orders int8",
		Orders:        "order_id int8, driver_id int8, customer_id int8, event_timestamp timestamptz",
	}
	goTypes := map[string]string{"int8": "int64", "float8": "float64", "timestamptz": "time.Time"}
	for _, spec := range Tables(small()) {
		got := ""
		for i, c := range spec.Cols {
			got += map[bool]string{true: ", "}[i > 0] + c.Name + " " + c.Type
		}
		if got != want[spec.Name] {
			t.Errorf("%s columns:\n got %s\nwant %s", spec.Name, got, want[spec.Name])
		}
		for row := range spec.Rows {
			for i, v := range row {
				if v != nil && fmt.Sprintf("%T", v) != goTypes[spec.Cols[i].Type] {
					t.Fatalf("%s.%s holds %T", spec.Name, spec.Cols[i].Name, v)
				}
				if ts, ok := v.(time.Time); ok && (ts.Location() != time.UTC || ts.Nanosecond()%1000 != 0) {
					t.Fatalf("%s.%s holds %v, want UTC at microsecond precision", spec.Name, spec.Cols[i].Name, ts)
				}
			}
		}
	}
}

func TestSizesFollowConfig(t *testing.T) {
	start := time.Date(2023, 6, 1, 12, 0, 0, 0, time.UTC)
	cases := []Config{
		{Seed: 3, Drivers: 7, Customers: 11, Orders: 123, HoursOfHistory: 48, Start: start},
		{Seed: 4, Drivers: 1, Customers: 1, Orders: 1, HoursOfHistory: 1},
		{Seed: 5, Drivers: 40, Customers: 3, Orders: 0, HoursOfHistory: 200},
	}
	for _, cfg := range cases {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			tabs := collect(cfg)
			if n := len(tabs[Orders]); n != cfg.Orders {
				t.Errorf("orders has %d rows, want %d", n, cfg.Orders)
			}
			begin, end := cfg.start(), cfg.start().Add(time.Duration(cfg.HoursOfHistory)*time.Hour)
			checkKeys(t, tabs[DriverStats], FirstDriverID, cfg.Drivers, begin, end)
			checkKeys(t, tabs[CustomerStats], FirstCustomerID, cfg.Customers, begin, begin.Add(time.Duration(cfg.days())*24*time.Hour))
			checkOrdersWithin(t, tabs[Orders], begin, end)
		})
	}
}

// checkKeys requires exactly n distinct non-NULL keys, first..first+n-1,
// and every event in [begin, end).
func checkKeys(t *testing.T, rows [][]any, first, n int, begin, end time.Time) {
	t.Helper()
	keys := map[int64]bool{}
	for _, r := range rows {
		if k, ok := r[0].(int64); ok {
			if k < int64(first) || k >= int64(first+n) {
				t.Fatalf("key %d outside [%d, %d)", k, first, first+n)
			}
			keys[k] = true
		}
		if ts := r[1].(time.Time); ts.Before(begin) || !ts.Before(end) {
			t.Fatalf("event %v outside [%v, %v)", ts, begin, end)
		}
	}
	if len(keys) != n {
		t.Errorf("%d distinct keys, want %d", len(keys), n)
	}
}

func checkOrdersWithin(t *testing.T, rows [][]any, begin, end time.Time) {
	t.Helper()
	for _, r := range rows {
		if ts := r[3].(time.Time); ts.Before(begin) || ts.After(end) {
			t.Fatalf("order at %v outside [%v, %v]", ts, begin, end)
		}
	}
}

func collect(cfg Config) map[string][][]any {
	out := map[string][][]any{}
	for _, spec := range Tables(cfg) {
		for row := range spec.Rows {
			out[spec.Name] = append(out[spec.Name], row)
		}
	}
	return out
}

func TestDefaultDataHasEveryAwkwardCase(t *testing.T) {
	s, err := Measure(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int64{
		"TiesOnEventTime": s.TiesOnEventTime, "LateArrivals": s.LateArrivals,
		"NullDriverKeys": s.NullDriverKeys, "NullCustomerKeys": s.NullCustomerKeys,
		"OrdersBeforeAnyFeature": s.OrdersBeforeAnyFeature, "OrdersOlderThanTTL": s.OrdersOlderThanTTL,
		"NullFeatureValues": s.NullFeatureValues, "UnknownKeys": s.UnknownKeys,
		"DuplicateOrders": s.DuplicateOrders, "OrdersAtFeatureTime": s.OrdersAtFeatureTime,
		"OrdersAtTTLEdge": s.OrdersAtTTLEdge,
	} {
		if n == 0 {
			t.Errorf("%s is 0 at the default size", name)
		}
	}
	if n := s.Tables[DriverStats]; n < 60_000 || n > 80_000 {
		t.Errorf("driver_stats has %d rows, want about 100 drivers x 720 hours", n)
	}
	if n := s.Tables[Orders]; n != 10_000 {
		t.Errorf("orders has %d rows, want 10000", n)
	}
	t.Logf("%+v", s)
}

func TestNegativeSizesAreRefused(t *testing.T) {
	cfg := small()
	cfg.Orders = -1
	_, err := Measure(cfg)
	if sqlerr.Code(err) != sqlerr.InvalidParameter {
		t.Fatalf("got %v (SQLSTATE %s), want a 22023 error", err, sqlerr.Code(err))
	}
}
