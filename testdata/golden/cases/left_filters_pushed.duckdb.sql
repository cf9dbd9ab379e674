SELECT "q8"."order_id" AS "order_id", "q8"."driver_id" AS "driver_id", "q8"."conv_rate" AS "conv_rate", "q11"."avg_spend" AS "avg_spend"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q7"."driver_id" AS "driver_id_2", "q7"."event_timestamp" AS "event_timestamp_2", "q7"."__created" AS "__created", "q7"."conv_rate" AS "conv_rate", "q7"."acc_rate" AS "acc_rate", "q7"."avg_daily_trips" AS "avg_daily_trips"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp"
    FROM "orders" AS "t1"
    WHERE ((CASE WHEN 7 = 0 THEN error('division by zero') ELSE ("t1"."order_id" % 7) END = 0) AND ("t1"."driver_id" < 1050))
  ) AS "q2"
  ASOF JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp", "q4"."__created" AS "__created", "q4"."conv_rate" AS "conv_rate", "q4"."acc_rate" AS "acc_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("t5"."event_timestamp") AS "max"
      FROM "orders" AS "t5"
      WHERE ((CASE WHEN 7 = 0 THEN error('division by zero') ELSE ("t5"."order_id" % 7) END = 0) AND ("t5"."driver_id" < 1050))
    ) AND "q4"."event_timestamp" >= ((
      SELECT min("t6"."event_timestamp") AS "min"
      FROM "orders" AS "t6"
      WHERE ((CASE WHEN 7 = 0 THEN error('division by zero') ELSE ("t6"."order_id" % 7) END = 0) AND ("t6"."driver_id" < 1050))
    ) - INTERVAL '7200 seconds')
    QUALIFY row_number() OVER (PARTITION BY "q4"."driver_id", "q4"."event_timestamp" ORDER BY "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."acc_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
  ) AS "q7"
    ON "q7"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" >= "q7"."event_timestamp"
  WHERE "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') AND ("q7"."acc_rate" IS NOT NULL)
) AS "q8"
ASOF LEFT JOIN (
  SELECT "q10"."customer_id" AS "customer_id", "q10"."event_timestamp" AS "event_timestamp", "q10"."__created" AS "__created", "q10"."current_balance" AS "current_balance", "q10"."avg_spend" AS "avg_spend", "q10"."lifetime_orders" AS "lifetime_orders"
  FROM (
    SELECT "t9"."customer_id" AS "customer_id", "t9"."event_timestamp" AS "event_timestamp", "t9"."created" AS "__created", "t9"."current_balance" AS "current_balance", "t9"."avg_passenger_spend" AS "avg_spend", "t9"."lifetime_orders" AS "lifetime_orders"
    FROM "customer_stats" AS "t9"
  ) AS "q10"
  WHERE "q10"."customer_id" IS NOT NULL AND "q10"."event_timestamp" IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY "q10"."customer_id", "q10"."event_timestamp" ORDER BY "q10"."__created" DESC NULLS LAST, "q10"."current_balance" DESC NULLS LAST, "q10"."avg_spend" DESC NULLS LAST, "q10"."lifetime_orders" DESC NULLS LAST) = 1
) AS "q11"
  ON "q11"."customer_id" = "q8"."customer_id"
  AND "q8"."event_timestamp" >= "q11"."event_timestamp"
WHERE (("q11"."avg_spend" > 10) OR ("q8"."customer_id" IS NULL))
ORDER BY "q8"."order_id" ASC NULLS LAST
