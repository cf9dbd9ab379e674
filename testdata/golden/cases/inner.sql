SELECT o.order_id, d.conv_rate
FROM orders o
ASOF JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
