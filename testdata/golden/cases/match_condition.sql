SELECT o.order_id, d.conv_rate
FROM orders AS o
ASOF LEFT JOIN driver_hourly_stats AS d
  MATCH_CONDITION (o.event_timestamp >= d.event_timestamp)
  ON d.driver_id = o.driver_id
