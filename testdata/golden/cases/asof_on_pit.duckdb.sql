SELECT "q17"."order_id" AS "order_id", "q17"."conv_rate" AS "conv_rate", "q19"."avg_spend" AS "avg_spend"
FROM (
  SELECT "q13"."order_id" AS "order_id", "q13"."driver_id" AS "driver_id", "q13"."customer_id" AS "customer_id", "q13"."event_timestamp" AS "event_timestamp", "q13"."driver_id_2" AS "driver_id_2", "q13"."event_timestamp_2" AS "event_timestamp_2", "q13"."__created" AS "__created", "q13"."conv_rate" AS "conv_rate", "q13"."acc_rate" AS "acc_rate", "q13"."avg_daily_trips" AS "avg_daily_trips", "q13"."__pitgate_row" AS "__pitgate_row", "q16"."event_timestamp" AS "__pitgate_pick"
  FROM (
    SELECT "q10"."order_id" AS "order_id", "q10"."driver_id" AS "driver_id", "q10"."customer_id" AS "customer_id", "q10"."event_timestamp" AS "event_timestamp", "q12"."driver_id" AS "driver_id_2", "q12"."event_timestamp" AS "event_timestamp_2", "q12"."__created" AS "__created", "q12"."conv_rate" AS "conv_rate", "q12"."acc_rate" AS "acc_rate", "q12"."avg_daily_trips" AS "avg_daily_trips", row_number() OVER () AS "__pitgate_row"
    FROM (
      SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q2"."__pitgate_row" AS "__pitgate_row", "q9"."event_timestamp" AS "__pitgate_pick"
      FROM (
        SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
        FROM "orders" AS "t1"
        WHERE (CASE WHEN 2 = 0 THEN error('division by zero') ELSE ("t1"."order_id" % 2) END = 0)
      ) AS "q2"
      ASOF JOIN (
        SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp"
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
      ) AS "q9"
        ON "q9"."driver_id" = "q2"."driver_id"
        AND "q2"."event_timestamp" >= "q9"."event_timestamp"
      WHERE "q9"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds')
    ) AS "q10"
    JOIN (
      SELECT "t11"."driver_id" AS "driver_id", "t11"."event_timestamp" AS "event_timestamp", "t11"."created" AS "__created", "t11"."conv_rate" AS "conv_rate", "t11"."acc_rate" AS "acc_rate", "t11"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t11"
    ) AS "q12"
      ON "q12"."driver_id" = "q10"."driver_id"
      AND "q12"."event_timestamp" = "q10"."__pitgate_pick"
    QUALIFY row_number() OVER (PARTITION BY "q10"."__pitgate_row" ORDER BY "q12"."__created" DESC NULLS LAST, "q12"."conv_rate" DESC NULLS LAST, "q12"."acc_rate" DESC NULLS LAST, "q12"."avg_daily_trips" DESC NULLS LAST) = 1
  ) AS "q13"
  ASOF LEFT JOIN (
    SELECT "q15"."customer_id" AS "customer_id", "q15"."event_timestamp" AS "event_timestamp"
    FROM (
      SELECT "t14"."customer_id" AS "customer_id", "t14"."event_timestamp" AS "event_timestamp", "t14"."created" AS "__created", "t14"."current_balance" AS "current_balance", "t14"."avg_passenger_spend" AS "avg_spend", "t14"."lifetime_orders" AS "lifetime_orders"
      FROM "customer_stats" AS "t14"
    ) AS "q15"
    WHERE "q15"."customer_id" IS NOT NULL AND "q15"."event_timestamp" IS NOT NULL
  ) AS "q16"
    ON "q16"."customer_id" = "q13"."customer_id"
    AND "q13"."event_timestamp_2" > "q16"."event_timestamp"
) AS "q17"
LEFT JOIN (
  SELECT "t18"."customer_id" AS "customer_id", "t18"."event_timestamp" AS "event_timestamp", "t18"."created" AS "__created", "t18"."current_balance" AS "current_balance", "t18"."avg_passenger_spend" AS "avg_spend", "t18"."lifetime_orders" AS "lifetime_orders"
  FROM "customer_stats" AS "t18"
) AS "q19"
  ON "q19"."customer_id" = "q17"."customer_id"
  AND "q19"."event_timestamp" = "q17"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q17"."__pitgate_row" ORDER BY "q19"."__created" DESC NULLS LAST, "q19"."current_balance" DESC NULLS LAST, "q19"."avg_spend" DESC NULLS LAST, "q19"."lifetime_orders" DESC NULLS LAST) = 1
