SELECT "q2"."column1" AS "driver_id", "q2"."column2" AS "ts", "q4"."conv_rate" AS "conv_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
FROM (
  SELECT "v1"."column1" AS "column1", "v1"."column2" AS "column2", row_number() OVER () AS "__pitgate_row"
  FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v1" ("column1", "column2")
) AS "q2"
LEFT JOIN (
  SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
  FROM "driver_stats" AS "t3"
) AS "q4"
  ON "q4"."driver_id" = "q2"."column1"
  AND "q4"."event_timestamp" <= "q2"."column2"
  AND "q4"."event_timestamp" >= ("q2"."column2" - INTERVAL '7200 seconds')
QUALIFY row_number() OVER (PARTITION BY "q2"."__pitgate_row" ORDER BY "q4"."event_timestamp" DESC NULLS LAST, "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."acc_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
ORDER BY "q2"."column1" ASC NULLS LAST, "q2"."column2" ASC NULLS LAST
