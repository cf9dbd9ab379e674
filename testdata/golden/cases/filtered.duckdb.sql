SELECT "q8"."order_id" AS "order_id", "q8"."conv_rate" AS "conv_rate"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."driver_id" END AS "driver_id_2", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."event_timestamp" END AS "event_timestamp_2", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."__created" END AS "__created", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."conv_rate" END AS "conv_rate", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."acc_rate" END AS "acc_rate", CASE WHEN "q7"."event_timestamp" >= ("q2"."event_timestamp" - INTERVAL '7200 seconds') THEN "q7"."avg_daily_trips" END AS "avg_daily_trips"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp"
    FROM "orders" AS "t1"
    WHERE ("t1"."customer_id" > 20100)
  ) AS "q2"
  ASOF LEFT JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp", "q4"."__created" AS "__created", "q4"."conv_rate" AS "conv_rate", "q4"."acc_rate" AS "acc_rate", "q4"."avg_daily_trips" AS "avg_daily_trips"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", "t3"."event_timestamp" AS "event_timestamp", "t3"."created" AS "__created", "t3"."conv_rate" AS "conv_rate", "t3"."acc_rate" AS "acc_rate", "t3"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("t5"."event_timestamp") AS "max"
      FROM "orders" AS "t5"
      WHERE ("t5"."customer_id" > 20100)
    ) AND "q4"."event_timestamp" >= ((
      SELECT min("t6"."event_timestamp") AS "min"
      FROM "orders" AS "t6"
      WHERE ("t6"."customer_id" > 20100)
    ) - INTERVAL '7200 seconds')
    QUALIFY row_number() OVER (PARTITION BY "q4"."driver_id", "q4"."event_timestamp" ORDER BY "q4"."__created" DESC NULLS LAST, "q4"."conv_rate" DESC NULLS LAST, "q4"."acc_rate" DESC NULLS LAST, "q4"."avg_daily_trips" DESC NULLS LAST) = 1
  ) AS "q7"
    ON "q7"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" >= "q7"."event_timestamp"
) AS "q8"
WHERE ("q8"."conv_rate" > 0.5)
ORDER BY "q8"."order_id" ASC NULLS LAST
