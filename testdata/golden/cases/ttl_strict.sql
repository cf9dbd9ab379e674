SELECT o.order_id, d.event_timestamp AS feature_time, d.avg_daily_trips
FROM orders o
ASOF LEFT JOIN features.driver_hourly_stats AS d
  ON o.driver_id = d.driver_id AND o.event_timestamp > d.event_timestamp
