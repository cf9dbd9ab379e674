package main

import (
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/internal/testenv"
)

// viewQueries are DESIGN §1's query and the Feast-shaped template for
// --views: both views (driver_hourly_stats, ttl 2h, and customer_profile,
// ttl 0), or one of them alone, so each ttl can be timed on its own. The
// one-view templates keep the other view's CTEs, which neither engine runs
// when nothing reads them.
func viewQueries(views string) (pit, feast string, err error) {
	head, _, ok := strings.Cut(feastSQL, "\nSELECT e.order_id")
	if !ok {
		return "", "", fmt.Errorf("the Feast-shaped template has no final SELECT")
	}
	const cols = "o.order_id, o.driver_id, o.customer_id, o.event_timestamp"
	switch views {
	case "both":
		return testenv.DesignQuery, feastSQL, nil
	case "driver":
		return "SELECT " + cols + ", d.conv_rate, d.acc_rate, d.avg_daily_trips FROM orders o\n" +
				"ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp",
			head + "\nSELECT e.order_id, e.driver_id, e.customer_id, e.event_timestamp, d.conv_rate, d.acc_rate, d.avg_daily_trips\n" +
				"FROM entity_dataframe e LEFT JOIN driver__cleaned d USING (entity_row_unique_id)", nil
	case "customer":
		return "SELECT " + cols + ", c.current_balance, c.avg_spend, c.lifetime_orders FROM orders o\n" +
				"ASOF LEFT JOIN customer_profile c ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp",
			head + "\nSELECT e.order_id, e.driver_id, e.customer_id, e.event_timestamp, c.current_balance, c.avg_spend, c.lifetime_orders\n" +
				"FROM entity_dataframe e LEFT JOIN customer__cleaned c USING (entity_row_unique_id)", nil
	}
	return "", "", fmt.Errorf("--views %q: both, driver (ttl 2h) or customer (ttl 0)", views)
}
