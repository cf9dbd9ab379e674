SELECT DISTINCT driver_id FROM orders WHERE driver_id < 1005
UNION ALL
SELECT customer_id FROM orders WHERE customer_id < 20003
ORDER BY 1 NULLS FIRST
