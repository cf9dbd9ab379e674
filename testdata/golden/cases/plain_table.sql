SELECT o.order_id, s.conv_rate, s.created
FROM orders o
ASOF LEFT JOIN driver_stats s ON s.driver_id = o.driver_id AND s.event_timestamp <= o.event_timestamp
