SELECT "q7"."customer_id" AS "customer_id", count(*) AS "n", avg("q7"."conv_rate") AS "avg_conv"
FROM (
  SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds') THEN "q6"."driver_id" END AS "driver_id_2", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds') THEN "q6"."event_timestamp" END AS "event_timestamp_2", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds') THEN "q6"."__created" END AS "__created", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds') THEN "q6"."conv_rate" END AS "conv_rate", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds') THEN "q6"."acc_rate" END AS "acc_rate", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds') THEN "q6"."avg_daily_trips" END AS "avg_daily_trips"
  FROM "orders" AS "t1"
  ASOF LEFT JOIN (
    SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."__created" AS "__created", "q3"."conv_rate" AS "conv_rate", "q3"."acc_rate" AS "acc_rate", "q3"."avg_daily_trips" AS "avg_daily_trips"
    FROM (
      SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "__created", "t2"."conv_rate" AS "conv_rate", "t2"."acc_rate" AS "acc_rate", "t2"."avg_daily_trips" AS "avg_daily_trips"
      FROM "driver_stats" AS "t2"
    ) AS "q3"
    WHERE "q3"."driver_id" IS NOT NULL AND "q3"."event_timestamp" IS NOT NULL AND "q3"."event_timestamp" <= (
      SELECT max("t4"."event_timestamp") AS "max"
      FROM "orders" AS "t4"
    ) AND "q3"."event_timestamp" >= ((
      SELECT min("t5"."event_timestamp") AS "min"
      FROM "orders" AS "t5"
    ) - INTERVAL '7200 seconds')
    QUALIFY row_number() OVER (PARTITION BY "q3"."driver_id", "q3"."event_timestamp" ORDER BY "q3"."__created" DESC NULLS LAST, "q3"."conv_rate" DESC NULLS LAST, "q3"."acc_rate" DESC NULLS LAST, "q3"."avg_daily_trips" DESC NULLS LAST) = 1
  ) AS "q6"
    ON "q6"."driver_id" = "t1"."driver_id"
    AND "t1"."event_timestamp" >= "q6"."event_timestamp"
) AS "q7"
GROUP BY "q7"."customer_id"
ORDER BY count(*) DESC NULLS FIRST, "q7"."customer_id" ASC NULLS LAST
LIMIT 5
