SELECT driver_id, event_timestamp, conv_rate,
  avg(conv_rate) OVER (PARTITION BY driver_id ORDER BY event_timestamp ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS conv_avg3,
  CASE WHEN conv_rate >= 0.5 THEN 'high' ELSE 'low' END AS band
FROM driver_stats
WHERE driver_id IN (1001, 1002) AND event_timestamp < '2024-01-02'::timestamptz
ORDER BY driver_id, event_timestamp
