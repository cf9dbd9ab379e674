SELECT o.order_id, s.*
FROM orders o
ASOF LEFT JOIN order_scoring s
  ON s.driver_id = o.driver_id AND s.customer_id = o.customer_id AND s.event_timestamp <= o.event_timestamp
