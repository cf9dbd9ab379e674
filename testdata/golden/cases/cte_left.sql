WITH recent AS (
  SELECT order_id, driver_id, event_timestamp FROM orders WHERE event_timestamp >= '2024-01-03'::timestamptz
)
SELECT r.order_id, d.conv_rate
FROM recent r
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = r.driver_id AND d.event_timestamp <= r.event_timestamp
