-- DuckDB's own ASOF join with no tie handling: the fastest the engine can
-- do, but on equal event times it picks an arbitrary row and it knows no
-- ttl. A lower bound, not a correct answer.
SELECT o.order_id, o.driver_id, o.customer_id, o.event_timestamp,
       d.conv_rate, d.acc_rate, d.avg_daily_trips, c.current_balance, c.avg_passenger_spend AS avg_spend, c.lifetime_orders
FROM orders o
ASOF LEFT JOIN driver_stats d ON d.driver_id = o.driver_id AND o.event_timestamp >= d.event_timestamp
ASOF LEFT JOIN customer_stats c ON c.customer_id = o.customer_id AND o.event_timestamp >= c.event_timestamp
