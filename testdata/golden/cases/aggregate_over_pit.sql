SELECT o.customer_id, count(*) AS n, avg(d.conv_rate) AS avg_conv
FROM orders o
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
GROUP BY o.customer_id
ORDER BY n DESC, o.customer_id
LIMIT 5
