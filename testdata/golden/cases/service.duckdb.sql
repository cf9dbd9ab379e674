SELECT "q16"."order_id" AS "order_id", "q16"."driver_id_2" AS "driver_id", "q18"."customer_id" AS "customer_id", "q16"."conv_rate" AS "conv_rate", "q16"."acc_rate" AS "acc_rate", "q18"."current_balance" AS "current_balance", "q18"."avg_spend" AS "avg_spend", "q18"."lifetime_orders" AS "lifetime_orders"
FROM (
  SELECT "q11"."order_id" AS "order_id", "q11"."driver_id" AS "driver_id", "q11"."customer_id" AS "customer_id", "q11"."event_timestamp" AS "event_timestamp", "q11"."driver_id_2" AS "driver_id_2", "q11"."event_timestamp_2" AS "event_timestamp_2", "q11"."__created" AS "__created", "q11"."conv_rate" AS "conv_rate", "q11"."acc_rate" AS "acc_rate", "q11"."avg_daily_trips" AS "avg_daily_trips", "q11"."__pitgate_row" AS "__pitgate_row", "q15"."event_timestamp" AS "__pitgate_pick"
  FROM (
    SELECT "q8"."order_id" AS "order_id", "q8"."driver_id" AS "driver_id", "q8"."customer_id" AS "customer_id", "q8"."event_timestamp" AS "event_timestamp", "q10"."driver_id" AS "driver_id_2", "q10"."event_timestamp" AS "event_timestamp_2", "q10"."__created" AS "__created", "q10"."conv_rate" AS "conv_rate", "q10"."acc_rate" AS "acc_rate", "q10"."avg_daily_trips" AS "avg_daily_trips", row_number() OVER () AS "__pitgate_row"
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
        AND "q2"."event_timestamp" >= "q7"."event_timestamp"
    ) AS "q8"
    LEFT JOIN (
      SELECT "t9"."driver_id" AS "driver_id", "t9"."event_timestamp" AS "event_timestamp", "t9"."created" AS "__created", "t9"."conv_rate" AS "conv_rate", "t9"."acc_rate" AS "acc_rate", "t9"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t9"
    ) AS "q10"
      ON "q10"."driver_id" = "q8"."driver_id"
      AND "q10"."event_timestamp" = "q8"."__pitgate_pick"
    QUALIFY row_number() OVER (PARTITION BY "q8"."__pitgate_row" ORDER BY "q10"."__created" DESC NULLS LAST, "q10"."conv_rate" DESC NULLS LAST, "q10"."acc_rate" DESC NULLS LAST, "q10"."avg_daily_trips" DESC NULLS LAST) = 1
  ) AS "q11"
  ASOF LEFT JOIN (
    SELECT "q13"."customer_id" AS "customer_id", "q13"."event_timestamp" AS "event_timestamp"
    FROM (
      SELECT "t12"."customer_id" AS "customer_id", "t12"."event_timestamp" AS "event_timestamp", "t12"."created" AS "__created", "t12"."current_balance" AS "current_balance", "t12"."avg_passenger_spend" AS "avg_spend", "t12"."lifetime_orders" AS "lifetime_orders"
      FROM "customer_stats" AS "t12"
    ) AS "q13"
    WHERE "q13"."customer_id" IS NOT NULL AND "q13"."event_timestamp" IS NOT NULL AND "q13"."event_timestamp" <= (
      SELECT max("t14"."event_timestamp") AS "max"
      FROM "orders" AS "t14"
    )
  ) AS "q15"
    ON "q15"."customer_id" = "q11"."customer_id"
    AND "q11"."event_timestamp" >= "q15"."event_timestamp"
) AS "q16"
LEFT JOIN (
  SELECT "t17"."customer_id" AS "customer_id", "t17"."event_timestamp" AS "event_timestamp", "t17"."created" AS "__created", "t17"."current_balance" AS "current_balance", "t17"."avg_passenger_spend" AS "avg_spend", "t17"."lifetime_orders" AS "lifetime_orders"
  FROM "customer_stats" AS "t17"
) AS "q18"
  ON "q18"."customer_id" = "q16"."customer_id"
  AND "q18"."event_timestamp" = "q16"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q16"."__pitgate_row" ORDER BY "q18"."__created" DESC NULLS LAST, "q18"."current_balance" DESC NULLS LAST, "q18"."avg_spend" DESC NULLS LAST, "q18"."lifetime_orders" DESC NULLS LAST) = 1
