SELECT o.order_id, d.conv_rate, c.avg_spend
FROM (SELECT * FROM orders WHERE order_id % 2 = 0) o
ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
ASOF LEFT JOIN customer_profile c ON c.customer_id = o.customer_id AND c.event_timestamp < d.event_timestamp
