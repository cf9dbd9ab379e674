SELECT o.order_id, c.event_timestamp, c.current_balance, c.lifetime_orders
FROM orders o
ASOF LEFT JOIN customer_profile c ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp
