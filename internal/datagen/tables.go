package datagen

import (
	"iter"

	"github.com/pitgate/pitgate/warehouse"
)

// Table names.
const (
	DriverStats   = "driver_stats"
	CustomerStats = "customer_stats"
	Orders        = "orders"
)

// TableSpec is one generated table. Rows is re-runnable: every call streams
// the same rows in the same order. Each yielded row is a fresh slice the
// consumer may keep.
type TableSpec struct {
	Name string
	Cols []warehouse.Column
	Rows iter.Seq[[]any]
}

// Tables returns the demo tables for cfg, feature tables first: Write
// streams them in this order, and the order statistics need the feature
// tables already seen. Negative sizes count as 0.
func Tables(cfg Config) []TableSpec {
	return []TableSpec{
		{Name: DriverStats, Cols: driverStatsCols, Rows: driverStatsRows(cfg)},
		{Name: CustomerStats, Cols: customerStatsCols, Rows: customerStatsRows(cfg)},
		{Name: Orders, Cols: ordersCols, Rows: ordersRows(cfg)},
	}
}

var driverStatsCols = []warehouse.Column{
	{Name: "driver_id", Type: "int8"},
	{Name: "event_timestamp", Type: "timestamptz"},
	{Name: "created", Type: "timestamptz"},
	{Name: "conv_rate", Type: "float8"},
	{Name: "acc_rate", Type: "float8"},
	{Name: "avg_daily_trips", Type: "int8"},
}

var customerStatsCols = []warehouse.Column{
	{Name: "customer_id", Type: "int8"},
	{Name: "event_timestamp", Type: "timestamptz"},
	{Name: "created", Type: "timestamptz"},
	{Name: "current_balance", Type: "float8"},
	{Name: "avg_passenger_spend", Type: "float8"},
	{Name: "lifetime_orders", Type: "int8"},
}

var ordersCols = []warehouse.Column{
	{Name: "order_id", Type: "int8"},
	{Name: "driver_id", Type: "int8"},
	{Name: "customer_id", Type: "int8"},
	{Name: "event_timestamp", Type: "timestamptz"},
}
