SELECT "q5"."order_id" AS "order_id", "q5"."driver_id" AS "driver_id", "q5"."event_timestamp" AS "event_timestamp", "q5"."conv_rate" AS "conv_rate", "q5"."acc_rate" AS "acc_rate", "q7"."avg_spend" AS "avg_spend"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q4"."driver_id" AS "driver_id_2", "q4"."event_timestamp" AS "event_timestamp_2", "q4"."__created" AS "__created", "q4"."conv_rate" AS "conv_rate", "q4"."acc_rate" AS "acc_rate", "q4"."avg_daily_trips" AS "avg_daily_trips", row_number() OVER () AS "__pitgate_row"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
    FROM "orders" AS "t1"
  ) AS "q2"
  LEFT JOIN (
    SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
    FROM "driver_stats" AS "t3"
  ) AS "q4"
    ON "q4"."driver_id" = "q2"."driver_id"
    AND "q4"."event_timestamp" <= "q2"."event_timestamp"
    AND "q4"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds')
  QUALIFY row_number() OVER (PARTITION BY "q2"."__pitgate_row" ORDER BY "q4"."event_timestamp" DESC NULLS LAST, "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."acc_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
) AS "q5"
LEFT JOIN (
  SELECT "t6"."customer_id" AS "customer_id", "t6"."event_timestamp" AS "event_timestamp", "t6"."created" AS "__created", "t6"."current_balance" AS "current_balance", "t6"."avg_passenger_spend" AS "avg_spend", "t6"."lifetime_orders" AS "lifetime_orders"
  FROM "customer_stats" AS "t6"
) AS "q7"
  ON "q7"."customer_id" = "q5"."customer_id"
  AND "q7"."event_timestamp" <= "q5"."event_timestamp"
QUALIFY row_number() OVER (PARTITION BY "q5"."__pitgate_row" ORDER BY "q7"."event_timestamp" DESC NULLS LAST, "q7"."__created" DESC NULLS LAST, "q7"."current_balance" DESC NULLS LAST, "q7"."avg_spend" DESC NULLS LAST, "q7"."lifetime_orders" DESC NULLS LAST) = 1
