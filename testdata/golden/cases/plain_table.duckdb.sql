SELECT "q6"."order_id" AS "order_id", "t7"."conv_rate" AS "conv_rate", "t7"."created" AS "created"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q2"."__pitgate_row" AS "__pitgate_row", "q5"."event_timestamp" AS "__pitgate_pick"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
    FROM "orders" AS "t1"
  ) AS "q2"
  ASOF LEFT JOIN (
    SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp"
    FROM "driver_stats" AS "t3"
    WHERE "t3"."driver_id" IS NOT NULL AND "t3"."event_timestamp" IS NOT NULL AND "t3"."event_timestamp" <= (
      SELECT max("t4"."event_timestamp") AS "max"
      FROM "orders" AS "t4"
    )
  ) AS "q5"
    ON "q5"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" >= "q5"."event_timestamp"
) AS "q6"
LEFT JOIN "driver_stats" AS "t7"
  ON "t7"."driver_id" = "q6"."driver_id"
  AND "t7"."event_timestamp" = "q6"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q6"."__pitgate_row" ORDER BY "t7"."created" DESC NULLS LAST, "t7"."conv_rate" DESC NULLS LAST, "t7"."acc_rate" DESC NULLS LAST, "t7"."avg_daily_trips" DESC NULLS LAST) = 1
