SELECT "q10"."order_id" AS "order_id", "q12"."conv_rate" AS "conv_rate"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."event_timestamp" AS "event_timestamp", "q2"."__pitgate_row" AS "__pitgate_row", CASE WHEN "q9"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q9"."event_timestamp" END AS "__pitgate_pick"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
    FROM "orders" AS "t1"
    WHERE ("t1"."event_timestamp" >= CAST('2024-01-03' AS TIMESTAMPTZ))
  ) AS "q2"
  ASOF LEFT JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("q6"."event_timestamp") AS "max"
      FROM (
        SELECT "t5"."order_id" AS "order_id", "t5"."driver_id" AS "driver_id", "t5"."event_timestamp" AS "event_timestamp"
        FROM "orders" AS "t5"
        WHERE ("t5"."event_timestamp" >= CAST('2024-01-03' AS TIMESTAMPTZ))
      ) AS "q6"
    ) AND "q4"."event_timestamp" >= ((
      SELECT min("q8"."event_timestamp") AS "min"
      FROM (
        SELECT "t7"."order_id" AS "order_id", "t7"."driver_id" AS "driver_id", "t7"."event_timestamp" AS "event_timestamp"
        FROM "orders" AS "t7"
        WHERE ("t7"."event_timestamp" >= CAST('2024-01-03' AS TIMESTAMPTZ))
      ) AS "q8"
    ) - INTERVAL '7200 seconds')
  ) AS "q9"
    ON "q9"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" >= "q9"."event_timestamp"
) AS "q10"
LEFT JOIN (
  SELECT "t11"."driver_id" AS "driver_id", "t11"."event_timestamp" AS "event_timestamp", "t11"."created" AS "__created", "t11"."conv_rate" AS "conv_rate", "t11"."acc_rate" AS "acc_rate", "t11"."avg_daily_trips" AS "avg_daily_trips"
  FROM "driver_stats" AS "t11"
) AS "q12"
  ON "q12"."driver_id" = "q10"."driver_id"
  AND "q12"."event_timestamp" = "q10"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q10"."__pitgate_row" ORDER BY "q12"."__created" DESC NULLS LAST, "q12"."conv_rate" DESC NULLS LAST, "q12"."acc_rate" DESC NULLS LAST, "q12"."avg_daily_trips" DESC NULLS LAST) = 1
