SELECT o.order_id, d.conv_rate
FROM orders o
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
WHERE o.customer_id > 20100 AND d.conv_rate > 0.5
ORDER BY o.order_id
