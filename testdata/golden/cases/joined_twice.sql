SELECT o.order_id, now_.conv_rate AS conv_now, before.conv_rate AS conv_hour_before
FROM orders o
ASOF LEFT JOIN driver_hourly_stats now_ ON now_.driver_id = o.driver_id AND now_.event_timestamp <= o.event_timestamp
ASOF LEFT JOIN driver_hourly_stats before ON before.driver_id = o.driver_id
  AND before.event_timestamp <= o.event_timestamp - interval '1 hour'
