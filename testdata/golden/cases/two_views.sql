SELECT o.order_id, o.driver_id, o.event_timestamp, d.conv_rate, d.acc_rate, c.avg_spend
FROM orders o
ASOF LEFT JOIN driver_hourly_stats d
       ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
ASOF LEFT JOIN customer_profile c
       ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp
