SELECT * FROM driver_hourly_stats ORDER BY driver_id, event_timestamp LIMIT 5
