SELECT "q10"."order_id" AS "order_id", "q10"."conv_rate" AS "conv_rate", "q13"."avg_spend" AS "avg_spend"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q9"."driver_id" AS "driver_id_2", "q9"."event_timestamp" AS "event_timestamp_2", "q9"."__created" AS "__created", "q9"."conv_rate" AS "conv_rate", "q9"."acc_rate" AS "acc_rate", "q9"."avg_daily_trips" AS "avg_daily_trips"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp"
    FROM "orders" AS "t1"
    WHERE (CASE WHEN 2 = 0 THEN error('division by zero') ELSE ("t1"."order_id" % 2) END = 0)
  ) AS "q2"
  ASOF JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp", "q4"."__created" AS "__created", "q4"."conv_rate" AS "conv_rate", "q4"."acc_rate" AS "acc_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("q6"."event_timestamp") AS "max"
      FROM (
        SELECT "t5"."order_id" AS "order_id", "t5"."driver_id" AS "driver_id", "t5"."customer_id" AS "customer_id", "t5"."event_timestamp" AS "event_timestamp"
        FROM "orders" AS "t5"
        WHERE (CASE WHEN 2 = 0 THEN error('division by zero') ELSE ("t5"."order_id" % 2) END = 0)
      ) AS "q6"
    ) AND "q4"."event_timestamp" >= ((
      SELECT min("q8"."event_timestamp") AS "min"
      FROM (
        SELECT "t7"."order_id" AS "order_id", "t7"."driver_id" AS "driver_id", "t7"."customer_id" AS "customer_id", "t7"."event_timestamp" AS "event_timestamp"
        FROM "orders" AS "t7"
        WHERE (CASE WHEN 2 = 0 THEN error('division by zero') ELSE ("t7"."order_id" % 2) END = 0)
      ) AS "q8"
    ) - INTERVAL '7200 seconds')
    QUALIFY row_number() OVER (PARTITION BY "q4"."driver_id", "q4"."event_timestamp" ORDER BY "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."acc_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
  ) AS "q9"
    ON "q9"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" >= "q9"."event_timestamp"
  WHERE "q9"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds')
) AS "q10"
ASOF LEFT JOIN (
  SELECT "q12"."customer_id" AS "customer_id", "q12"."event_timestamp" AS "event_timestamp", "q12"."__created" AS "__created", "q12"."current_balance" AS "current_balance", "q12"."avg_spend" AS "avg_spend", "q12"."lifetime_orders" AS "lifetime_orders"
  FROM (
    SELECT "t11"."customer_id" AS "customer_id", "t11"."event_timestamp" AS "event_timestamp", "t11"."created" AS "__created", "t11"."current_balance" AS "current_balance", "t11"."avg_passenger_spend" AS "avg_spend", "t11"."lifetime_orders" AS "lifetime_orders"
    FROM "customer_stats" AS "t11"
  ) AS "q12"
  WHERE "q12"."customer_id" IS NOT NULL AND "q12"."event_timestamp" IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY "q12"."customer_id", "q12"."event_timestamp" ORDER BY "q12"."__created" DESC NULLS LAST, "q12"."current_balance" DESC NULLS LAST, "q12"."avg_spend" DESC NULLS LAST, "q12"."lifetime_orders" DESC NULLS LAST) = 1
) AS "q13"
  ON "q13"."customer_id" = "q10"."customer_id"
  AND "q10"."event_timestamp_2" > "q13"."event_timestamp"
