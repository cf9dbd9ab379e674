SELECT "t1"."order_id" AS "order_id", "q4"."conv_rate" AS "conv_rate"
FROM "orders" AS "t1"
JOIN LATERAL (
  SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."__created" AS "__created", "q3"."conv_rate" AS "conv_rate", "q3"."acc_rate" AS "acc_rate", "q3"."avg_daily_trips" AS "avg_daily_trips"
  FROM (
    SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "__created", "t2"."conv_rate" AS "conv_rate", "t2"."acc_rate" AS "acc_rate", "t2"."avg_daily_trips" AS "avg_daily_trips"
    FROM "driver_stats" AS "t2"
  ) AS "q3"
  WHERE "q3"."driver_id" = "t1"."driver_id" AND "q3"."event_timestamp" <= "t1"."event_timestamp" AND "q3"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '7200 seconds')
  ORDER BY "q3"."event_timestamp" DESC NULLS FIRST, "q3"."__created" DESC NULLS LAST, "q3"."conv_rate" DESC NULLS LAST, "q3"."acc_rate" DESC NULLS LAST, "q3"."avg_daily_trips" DESC NULLS LAST
  LIMIT 1
) AS "q4" ON TRUE
