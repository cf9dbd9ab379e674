package main

import (
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/internal/testenv"
)

// viewSet is one of --views: DESIGN §1's query and the Feast-shaped
// template and the untied native ASOF join for the same view(s).
type viewSet struct {
	name, ttl          string
	pit, feast, untied string
}

const orderCols = "o.order_id, o.driver_id, o.customer_id, o.event_timestamp"

// The untied ASOF joins of native.sql, one view at a time.
const (
	untiedDriver = "ASOF LEFT JOIN driver_stats d ON d.driver_id = o.driver_id AND o.event_timestamp >= d.event_timestamp"
	untiedCust   = "ASOF LEFT JOIN customer_stats c ON c.customer_id = o.customer_id AND o.event_timestamp >= c.event_timestamp"
)

// viewQueries are the queries of one --views entry: both views
// (driver_hourly_stats, ttl 2h, and customer_profile, ttl 0), or one of
// them alone, so each ttl can be timed on its own. The one-view templates
// keep the other view's CTEs, which neither engine runs when nothing
// reads them.
func viewQueries(views string) (viewSet, error) {
	head, _, ok := strings.Cut(feastSQL, "\nSELECT e.order_id")
	if !ok {
		return viewSet{}, fmt.Errorf("the Feast-shaped template has no final SELECT")
	}
	switch views {
	case "both":
		return viewSet{name: views, ttl: "2h and 0", pit: testenv.DesignQuery, feast: feastSQL, untied: nativeSQL}, nil
	case "driver":
		return viewSet{name: views, ttl: "2h",
			pit: "SELECT " + orderCols + ", d.conv_rate, d.acc_rate, d.avg_daily_trips FROM orders o\n" +
				"ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp",
			feast: head + "\nSELECT e.order_id, e.driver_id, e.customer_id, e.event_timestamp, d.conv_rate, d.acc_rate, d.avg_daily_trips\n" +
				"FROM entity_dataframe e LEFT JOIN driver__cleaned d USING (entity_row_unique_id)",
			untied: "SELECT " + orderCols + ", d.conv_rate, d.acc_rate, d.avg_daily_trips\nFROM orders o\n" + untiedDriver,
		}, nil
	case "customer":
		return viewSet{name: views, ttl: "0",
			pit: "SELECT " + orderCols + ", c.current_balance, c.avg_spend, c.lifetime_orders FROM orders o\n" +
				"ASOF LEFT JOIN customer_profile c ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp",
			feast: head + "\nSELECT e.order_id, e.driver_id, e.customer_id, e.event_timestamp, c.current_balance, c.avg_spend, c.lifetime_orders\n" +
				"FROM entity_dataframe e LEFT JOIN customer__cleaned c USING (entity_row_unique_id)",
			untied: "SELECT " + orderCols + ", c.current_balance, c.avg_passenger_spend AS avg_spend, c.lifetime_orders\nFROM orders o\n" + untiedCust,
		}, nil
	}
	return viewSet{}, fmt.Errorf("--views %q: both, driver (ttl 2h) or customer (ttl 0), or a comma-separated list of them", views)
}

// viewList parses --views: a comma-separated list of both, driver and customer.
func viewList(s string) ([]viewSet, error) {
	var out []viewSet
	for _, v := range strings.Split(s, ",") {
		vs, err := viewQueries(strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		out = append(out, vs)
	}
	return out, nil
}
