SELECT "t1"."order_id" AS "order_id", "q3"."conv_rate" AS "conv_rate", "q3"."created" AS "created"
FROM "orders" AS "t1"
LEFT JOIN LATERAL (
  SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "created", "t2"."conv_rate" AS "conv_rate", "t2"."acc_rate" AS "acc_rate", "t2"."avg_daily_trips" AS "avg_daily_trips"
  FROM "driver_stats" AS "t2"
  WHERE "t2"."driver_id" = "t1"."driver_id" AND "t2"."event_timestamp" <= "t1"."event_timestamp"
  ORDER BY "t2"."event_timestamp" DESC NULLS FIRST, "t2"."created" DESC NULLS LAST, "t2"."conv_rate" DESC NULLS LAST, "t2"."acc_rate" DESC NULLS LAST, "t2"."avg_daily_trips" DESC NULLS LAST
  LIMIT 1
) AS "q3" ON TRUE
