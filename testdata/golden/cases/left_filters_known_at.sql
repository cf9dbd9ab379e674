SELECT o.order_id, k.conv_rate, k.avg_daily_trips
FROM orders o
ASOF LEFT JOIN driver_known_at k ON k.driver_id = o.driver_id AND k.event_timestamp <= o.event_timestamp
WHERE o.event_timestamp >= (SELECT min(event_timestamp) FROM orders) AND o.customer_id % 3 = 1 AND k.conv_rate IS NULL
ORDER BY o.order_id
