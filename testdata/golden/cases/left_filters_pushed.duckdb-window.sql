SELECT "q9"."order_id" AS "order_id", "q9"."driver_id" AS "driver_id", "q9"."conv_rate" AS "conv_rate", "q9"."avg_spend" AS "avg_spend"
FROM (
  SELECT "q6"."order_id" AS "order_id", "q6"."driver_id" AS "driver_id", "q6"."customer_id" AS "customer_id", "q6"."event_timestamp" AS "event_timestamp", "q6"."driver_id_2" AS "driver_id_2", "q6"."event_timestamp_2" AS "event_timestamp_2", "q6"."__created" AS "__created", "q6"."conv_rate" AS "conv_rate", "q6"."acc_rate" AS "acc_rate", "q6"."avg_daily_trips" AS "avg_daily_trips", "q8"."customer_id" AS "customer_id_2", "q8"."event_timestamp" AS "event_timestamp_3", "q8"."__created" AS "__created_2", "q8"."current_balance" AS "current_balance", "q8"."avg_spend" AS "avg_spend", "q8"."lifetime_orders" AS "lifetime_orders"
  FROM (
    SELECT "q5"."order_id" AS "order_id", "q5"."driver_id" AS "driver_id", "q5"."customer_id" AS "customer_id", "q5"."event_timestamp" AS "event_timestamp", "q5"."driver_id_2" AS "driver_id_2", "q5"."event_timestamp_2" AS "event_timestamp_2", "q5"."__created" AS "__created", "q5"."conv_rate" AS "conv_rate", "q5"."acc_rate" AS "acc_rate", "q5"."avg_daily_trips" AS "avg_daily_trips", row_number() OVER () AS "__pitgate_row"
    FROM (
      SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q4"."driver_id" AS "driver_id_2", "q4"."event_timestamp" AS "event_timestamp_2", "q4"."__created" AS "__created", "q4"."conv_rate" AS "conv_rate", "q4"."acc_rate" AS "acc_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
      FROM (
        SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
        FROM "orders" AS "t1"
        WHERE ((CASE WHEN 7 = 0 THEN error('division by zero') ELSE ("t1"."order_id" % 7) END = 0) AND ("t1"."driver_id" < 1050))
      ) AS "q2"
      JOIN (
        SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
        FROM "driver_stats" AS "t3"
      ) AS "q4"
        ON "q4"."driver_id" = "q2"."driver_id"
        AND "q4"."event_timestamp" <= "q2"."event_timestamp"
        AND "q4"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds')
      QUALIFY row_number() OVER (PARTITION BY "q2"."__pitgate_row" ORDER BY "q4"."event_timestamp" DESC NULLS LAST, "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."acc_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
    ) AS "q5"
    WHERE ("q5"."acc_rate" IS NOT NULL)
  ) AS "q6"
  LEFT JOIN (
    SELECT "t7"."customer_id" AS "customer_id", "t7"."event_timestamp" AS "event_timestamp", "t7"."created" AS "__created", "t7"."current_balance" AS "current_balance", "t7"."avg_passenger_spend" AS "avg_spend", "t7"."lifetime_orders" AS "lifetime_orders"
    FROM "customer_stats" AS "t7"
  ) AS "q8"
    ON "q8"."customer_id" = "q6"."customer_id"
    AND "q8"."event_timestamp" <= "q6"."event_timestamp"
  QUALIFY row_number() OVER (PARTITION BY "q6"."__pitgate_row" ORDER BY "q8"."event_timestamp" DESC NULLS LAST, "q8"."__created" DESC NULLS LAST, "q8"."current_balance" DESC NULLS LAST, "q8"."avg_spend" DESC NULLS LAST, "q8"."lifetime_orders" DESC NULLS LAST) = 1
) AS "q9"
WHERE (("q9"."avg_spend" > 10) OR ("q9"."customer_id" IS NULL))
ORDER BY "q9"."order_id" ASC NULLS LAST
