SELECT "t1"."order_id" AS "order_id", CASE WHEN "q6"."event_timestamp" >= ("t1"."event_timestamp" - INTERVAL '5400 seconds') THEN "q6"."conv_pct" END AS "conv_pct"
FROM "orders" AS "t1"
ASOF LEFT JOIN (
  SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."__created" AS "__created", "q3"."conv_pct" AS "conv_pct"
  FROM (
    SELECT "t2"."driver_id" AS "driver_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "__created", ("t2"."conv_rate" * 100) AS "conv_pct"
    FROM "driver_stats" AS "t2"
    WHERE ("t2"."driver_id" IS NOT NULL)
  ) AS "q3"
  WHERE "q3"."driver_id" IS NOT NULL AND "q3"."event_timestamp" IS NOT NULL AND "q3"."event_timestamp" <= (
    SELECT max("t4"."event_timestamp") AS "max"
    FROM "orders" AS "t4"
  ) AND "q3"."event_timestamp" >= ((
    SELECT min("t5"."event_timestamp") AS "min"
    FROM "orders" AS "t5"
  ) - INTERVAL '5400 seconds')
  QUALIFY row_number() OVER (PARTITION BY "q3"."driver_id", "q3"."event_timestamp" ORDER BY "q3"."__created" DESC NULLS LAST, "q3"."conv_pct" DESC NULLS LAST) = 1
) AS "q6"
  ON "q6"."driver_id" = "t1"."driver_id"
  AND "t1"."event_timestamp" >= "q6"."event_timestamp"
