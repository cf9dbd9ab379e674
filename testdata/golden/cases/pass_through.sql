SELECT customer_id, count(*) AS orders, min(event_timestamp) AS first_order
FROM orders
WHERE customer_id IS NOT NULL
GROUP BY customer_id
HAVING count(*) > 1
ORDER BY orders DESC, customer_id
LIMIT 10
