SELECT o.order_id, p.conv_pct
FROM orders o
ASOF LEFT JOIN driver_conv_pct p ON p.driver_id = o.driver_id AND p.event_timestamp <= o.event_timestamp
