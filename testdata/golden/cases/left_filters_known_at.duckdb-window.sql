SELECT "q5"."order_id" AS "order_id", "q5"."conv_rate" AS "conv_rate", "q5"."avg_daily_trips" AS "avg_daily_trips"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q4"."driver_id" AS "driver_id_2", "q4"."event_timestamp" AS "event_timestamp_2", "q4"."__created" AS "__created", "q4"."conv_rate" AS "conv_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
    FROM "orders" AS "t1"
    WHERE (CASE WHEN 3 = 0 THEN error('division by zero') ELSE ("t1"."customer_id" % 3) END = 1)
  ) AS "q2"
  LEFT JOIN (
    SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
    FROM "driver_stats" AS "t3"
  ) AS "q4"
    ON "q4"."driver_id" = "q2"."driver_id"
    AND "q4"."event_timestamp" <= "q2"."event_timestamp"
    AND "q4"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '86400 seconds')
    AND "q4"."__created" <= "q2"."event_timestamp"
  QUALIFY row_number() OVER (PARTITION BY "q2"."__pitgate_row" ORDER BY "q4"."event_timestamp" DESC NULLS LAST, "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
) AS "q5"
WHERE (("q5"."event_timestamp" >= (
  SELECT min("t6"."event_timestamp") AS "min"
  FROM "orders" AS "t6"
)) AND ("q5"."conv_rate" IS NULL))
ORDER BY "q5"."order_id" ASC NULLS LAST
