SELECT e.driver_id, e.ts, d.conv_rate, d.avg_daily_trips
FROM (VALUES (1001, '2024-01-05 10:30:00+00'::timestamptz), (1002, '2024-01-06 00:00:00+00'::timestamptz), (NULL, '2024-01-06 00:00:00+00'::timestamptz)) AS e(driver_id, ts)
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = e.driver_id AND d.event_timestamp <= e.ts
ORDER BY 1, 2
