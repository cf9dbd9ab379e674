SELECT "t1"."order_id" AS "order_id", "q4"."conv_rate" AS "conv_rate", "q4"."created" AS "created"
FROM "orders" AS "t1"
ASOF LEFT JOIN (
  SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "created", "t2"."conv_rate" AS "conv_rate", "t2"."acc_rate" AS "acc_rate", "t2"."avg_daily_trips" AS "avg_daily_trips"
  FROM "driver_stats" AS "t2"
  WHERE "t2"."driver_id" IS NOT NULL AND "t2"."event_timestamp" IS NOT NULL AND "t2"."event_timestamp" <= (
    SELECT max("t3"."event_timestamp") AS "max"
    FROM "orders" AS "t3"
  )
  QUALIFY row_number() OVER (PARTITION BY "t2"."driver_id", "t2"."event_timestamp" ORDER BY "t2"."created" DESC NULLS LAST, "t2"."conv_rate" DESC NULLS LAST, "t2"."acc_rate" DESC NULLS LAST, "t2"."avg_daily_trips" DESC NULLS LAST) = 1
) AS "q4"
  ON "q4"."driver_id" = "t1"."driver_id"
  AND "t1"."event_timestamp" >= "q4"."event_timestamp"
