SELECT o.order_id,
  (SELECT max(s.event_timestamp) FROM driver_stats s WHERE s.driver_id = o.driver_id) AS last_stat
FROM orders o
WHERE EXISTS (SELECT 1 FROM customer_stats c WHERE c.customer_id = o.customer_id)
  AND o.driver_id IN (SELECT driver_id FROM driver_stats WHERE conv_rate > 0.9)
ORDER BY o.order_id
LIMIT 20
