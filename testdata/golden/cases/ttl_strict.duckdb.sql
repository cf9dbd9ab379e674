SELECT "q8"."order_id" AS "order_id", "q10"."event_timestamp" AS "feature_time", "q10"."avg_daily_trips" AS "avg_daily_trips"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q2"."__pitgate_row" AS "__pitgate_row", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."event_timestamp" END AS "__pitgate_pick"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
    FROM "orders" AS "t1"
  ) AS "q2"
  ASOF LEFT JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("t5"."event_timestamp") AS "max"
      FROM "orders" AS "t5"
    ) AND "q4"."event_timestamp" >= ((
      SELECT min("t6"."event_timestamp") AS "min"
      FROM "orders" AS "t6"
    ) - INTERVAL '7200 seconds')
  ) AS "q7"
    ON "q7"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" > "q7"."event_timestamp"
) AS "q8"
LEFT JOIN (
  SELECT "t9"."driver_id" AS "driver_id", "t9"."event_timestamp" AS "event_timestamp", "t9"."created" AS "__created", "t9"."conv_rate" AS "conv_rate", "t9"."acc_rate" AS "acc_rate", "t9"."avg_daily_trips" AS "avg_daily_trips"
  FROM "driver_stats" AS "t9"
) AS "q10"
  ON "q10"."driver_id" = "q8"."driver_id"
  AND "q10"."event_timestamp" = "q8"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q8"."__pitgate_row" ORDER BY "q10"."__created" DESC NULLS LAST, "q10"."conv_rate" DESC NULLS LAST, "q10"."acc_rate" DESC NULLS LAST, "q10"."avg_daily_trips" DESC NULLS LAST) = 1
