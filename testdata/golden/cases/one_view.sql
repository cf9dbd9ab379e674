SELECT o.order_id, o.driver_id, o.event_timestamp, d.conv_rate, d.acc_rate
FROM orders o
ASOF LEFT JOIN driver_hourly_stats d
       ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
