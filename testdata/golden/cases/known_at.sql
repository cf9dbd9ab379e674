SELECT o.order_id, k.conv_rate, k.avg_daily_trips
FROM orders o
ASOF LEFT JOIN driver_known_at k ON k.driver_id = o.driver_id AND k.event_timestamp <= o.event_timestamp
