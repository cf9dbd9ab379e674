SELECT "q2"."order_id" AS "order_id", "q4"."event_timestamp" AS "band_day", "q4"."band" AS "band"
FROM (
  SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
  FROM "orders" AS "t1"
) AS "q2"
LEFT JOIN (
  SELECT "t3"."driver_id" AS "driver_id", date_trunc('day', "t3"."event_timestamp") AS "event_timestamp", CASE WHEN ("t3"."conv_rate" > 0.5) THEN 'a' ELSE 'B' END AS "band"
  FROM "driver_stats" AS "t3"
) AS "q4"
  ON "q4"."driver_id" = "q2"."driver_id"
  AND "q4"."event_timestamp" <= "q2"."event_timestamp"
QUALIFY row_number() OVER (PARTITION BY "q2"."__pitgate_row" ORDER BY "q4"."event_timestamp" DESC NULLS LAST, "q4"."band" DESC NULLS LAST) = 1
