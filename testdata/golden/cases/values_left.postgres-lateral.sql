SELECT "v1"."column1" AS "driver_id", "v1"."column2" AS "ts", "q4"."conv_rate" AS "conv_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v1" ("column1", "column2")
LEFT JOIN LATERAL (
  SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."__created" AS "__created", "q3"."conv_rate" AS "conv_rate", "q3"."acc_rate" AS "acc_rate", "q3"."avg_daily_trips" AS "avg_daily_trips"
  FROM (
    SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "__created", "t2"."conv_rate" AS "conv_rate", "t2"."acc_rate" AS "acc_rate", "t2"."avg_daily_trips" AS "avg_daily_trips"
    FROM "driver_stats" AS "t2"
  ) AS "q3"
  WHERE "q3"."driver_id" = "v1"."column1" AND "q3"."event_timestamp" <= "v1"."column2" AND "q3"."event_timestamp" >= ("v1"."column2" - INTERVAL '7200 seconds')
  ORDER BY "q3"."event_timestamp" DESC NULLS FIRST, "q3"."__created" DESC NULLS LAST, "q3"."conv_rate" DESC NULLS LAST, "q3"."acc_rate" DESC NULLS LAST, "q3"."avg_daily_trips" DESC NULLS LAST
  LIMIT 1
) AS "q4" ON TRUE
ORDER BY "v1"."column1" ASC NULLS LAST, "v1"."column2" ASC NULLS LAST
