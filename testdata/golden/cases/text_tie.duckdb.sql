SELECT "t1"."order_id" AS "order_id", "q5"."event_timestamp" AS "band_day", "q5"."band" AS "band"
FROM "orders" AS "t1"
ASOF LEFT JOIN (
  SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."band" AS "band"
  FROM (
    SELECT "t2"."driver_id" AS "driver_id", date_trunc('day', "t2"."event_timestamp") AS "event_timestamp", CASE WHEN ("t2"."conv_rate" > 0.5) THEN 'a' ELSE 'B' END AS "band"
    FROM "driver_stats" AS "t2"
  ) AS "q3"
  WHERE "q3"."driver_id" IS NOT NULL AND "q3"."event_timestamp" IS NOT NULL AND "q3"."event_timestamp" <= (
    SELECT max("t4"."event_timestamp") AS "max"
    FROM "orders" AS "t4"
  )
  QUALIFY row_number() OVER (PARTITION BY "q3"."driver_id", "q3"."event_timestamp" ORDER BY "q3"."band" DESC NULLS LAST) = 1
) AS "q5"
  ON "q5"."driver_id" = "t1"."driver_id"
  AND "t1"."event_timestamp" >= "q5"."event_timestamp"
