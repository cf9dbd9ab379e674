SELECT "v1"."column1" AS "driver_id", "v1"."column2" AS "ts", CASE WHEN "q6"."event_timestamp" >= ("v1"."column2" - INTERVAL '7200 seconds') THEN "q6"."conv_rate" END AS "conv_rate", CASE WHEN "q6"."event_timestamp" >= ("v1"."column2" - INTERVAL '7200 seconds') THEN "q6"."avg_daily_trips" END AS "avg_daily_trips"
FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v1" ("column1", "column2")
ASOF LEFT JOIN (
  SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."__created" AS "__created", "q3"."conv_rate" AS "conv_rate", "q3"."acc_rate" AS "acc_rate", "q3"."avg_daily_trips" AS "avg_daily_trips"
  FROM (
    SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "__created", "t2"."conv_rate" AS "conv_rate", "t2"."acc_rate" AS "acc_rate", "t2"."avg_daily_trips" AS "avg_daily_trips"
    FROM "driver_stats" AS "t2"
  ) AS "q3"
  WHERE "q3"."driver_id" IS NOT NULL AND "q3"."event_timestamp" IS NOT NULL AND "q3"."event_timestamp" <= (
    SELECT max("v4"."column2") AS "max"
    FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v4" ("column1", "column2")
  ) AND "q3"."event_timestamp" >= ((
    SELECT min("v5"."column2") AS "min"
    FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v5" ("column1", "column2")
  ) - INTERVAL '7200 seconds')
  QUALIFY row_number() OVER (PARTITION BY "q3"."driver_id", "q3"."event_timestamp" ORDER BY "q3"."__created" DESC NULLS LAST, "q3"."conv_rate" DESC NULLS LAST, "q3"."acc_rate" DESC NULLS LAST, "q3"."avg_daily_trips" DESC NULLS LAST) = 1
) AS "q6"
  ON "q6"."driver_id" = "v1"."column1"
  AND "v1"."column2" >= "q6"."event_timestamp"
ORDER BY "v1"."column1" ASC NULLS LAST, "v1"."column2" ASC NULLS LAST
