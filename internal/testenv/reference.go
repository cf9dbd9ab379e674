package testenv

import (
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
)

// DemoTables holds the demo data of cfg in memory, for the reference.
func DemoTables(cfg datagen.Config) map[string]*pitref.Table {
	out := map[string]*pitref.Table{}
	for _, spec := range datagen.Tables(cfg) {
		t := &pitref.Table{}
		for _, c := range spec.Cols {
			t.Cols = append(t.Cols, c.Name)
		}
		for row := range spec.Rows {
			t.Rows = append(t.Rows, row)
		}
		out[spec.Name] = t
	}
	return out
}

// DesignQuery is DESIGN §1's training-data query with every feature, in
// the column order of DesignReference.
const DesignQuery = `SELECT o.order_id, o.driver_id, o.customer_id, o.event_timestamp,
       d.conv_rate, d.acc_rate, d.avg_daily_trips, c.current_balance, c.avg_spend, c.lifetime_orders
FROM orders o
ASOF LEFT JOIN driver_hourly_stats d
       ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
ASOF LEFT JOIN customer_profile c
       ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp`

// DesignReference computes DesignQuery's answer by brute force.
func DesignReference(cfg datagen.Config) *pitref.Table {
	tables := DemoTables(cfg)
	drivers := pitref.Join{
		Right: tables["driver_stats"], Keys: []pitref.KeyPair{{Left: "driver_id", Right: "driver_id"}},
		LeftTS: "event_timestamp", RightTS: "event_timestamp", TTL: 2 * time.Hour, Created: "created",
		Features: []string{"conv_rate", "acc_rate", "avg_daily_trips"},
	}
	customers := pitref.Join{
		Right: tables["customer_stats"], Keys: []pitref.KeyPair{{Left: "customer_id", Right: "customer_id"}},
		LeftTS: "event_timestamp", RightTS: "event_timestamp", Created: "created",
		Features: []string{"current_balance", "avg_passenger_spend", "lifetime_orders"},
	}
	return pitref.Evaluate(tables["orders"], drivers, customers)
}
