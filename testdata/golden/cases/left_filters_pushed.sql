SELECT o.order_id, o.driver_id, d.conv_rate, c.avg_spend
FROM orders o
ASOF JOIN driver_hourly_stats d
       ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
ASOF LEFT JOIN customer_profile c
       ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp
WHERE o.order_id % 7 = 0 AND o.driver_id < 1050
  AND (c.avg_spend > 10 OR o.customer_id IS NULL)
  AND d.acc_rate IS NOT NULL
ORDER BY o.order_id
