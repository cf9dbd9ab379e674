SELECT "q8"."column1" AS "driver_id", "q8"."column2" AS "ts", "q10"."conv_rate" AS "conv_rate", "q10"."avg_daily_trips" AS "avg_daily_trips"
FROM (
  SELECT "q2"."column1" AS "column1", "q2"."column2" AS "column2", "q2"."__pitgate_row" AS "__pitgate_row", CASE WHEN "q7"."event_timestamp" >= ("q2"."column2" - INTERVAL '7200 seconds') THEN "q7"."event_timestamp" END AS "__pitgate_pick"
  FROM (
    SELECT "v1"."column1" AS "column1", "v1"."column2" AS "column2", row_number() OVER () AS "__pitgate_row"
    FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v1" ("column1", "column2")
  ) AS "q2"
  ASOF LEFT JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("v5"."column2") AS "max"
      FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v5" ("column1", "column2")
    ) AND "q4"."event_timestamp" >= ((
      SELECT min("v6"."column2") AS "min"
      FROM (VALUES (1001, CAST('2024-01-05 10:30:00+00' AS TIMESTAMPTZ)), (1002, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ)), (NULL, CAST('2024-01-06 00:00:00+00' AS TIMESTAMPTZ))) AS "v6" ("column1", "column2")
    ) - INTERVAL '7200 seconds')
  ) AS "q7"
    ON "q7"."driver_id" = "q2"."column1"
    AND "q2"."column2" >= "q7"."event_timestamp"
) AS "q8"
LEFT JOIN (
  SELECT "t9"."driver_id" AS "driver_id", "t9"."event_timestamp" AS "event_timestamp", "t9"."created" AS "__created", "t9"."conv_rate" AS "conv_rate", "t9"."acc_rate" AS "acc_rate", "t9"."avg_daily_trips" AS "avg_daily_trips"
  FROM "driver_stats" AS "t9"
) AS "q10"
  ON "q10"."driver_id" = "q8"."column1"
  AND "q10"."event_timestamp" = "q8"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q8"."__pitgate_row" ORDER BY "q10"."__created" DESC NULLS LAST, "q10"."conv_rate" DESC NULLS LAST, "q10"."acc_rate" DESC NULLS LAST, "q10"."avg_daily_trips" DESC NULLS LAST) = 1
ORDER BY "q8"."column1" ASC NULLS LAST, "q8"."column2" ASC NULLS LAST
