CREATE TABLE pitgate_wtest.training AS
SELECT s.driver_id, s.ts, d.conv_rate, d.acc_rate
FROM pitgate_wtest.scores s
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = s.driver_id AND d.event_timestamp <= s.ts
