SELECT "q7"."order_id" AS "order_id", "q9"."event_timestamp" AS "band_day", "q9"."band" AS "band"
FROM (
  SELECT "q2"."order_id" AS "order_id", "q2"."driver_id" AS "driver_id", "q2"."customer_id" AS "customer_id", "q2"."event_timestamp" AS "event_timestamp", "q2"."__pitgate_row" AS "__pitgate_row", "q6"."event_timestamp" AS "__pitgate_pick"
  FROM (
    SELECT "t1"."order_id" AS "order_id", "t1"."driver_id" AS "driver_id", "t1"."customer_id" AS "customer_id", "t1"."event_timestamp" AS "event_timestamp", row_number() OVER () AS "__pitgate_row"
    FROM "orders" AS "t1"
  ) AS "q2"
  ASOF LEFT JOIN (
    SELECT "q4"."driver_id" AS "driver_id", "q4"."event_timestamp" AS "event_timestamp"
    FROM (
      SELECT "t3"."driver_id" AS "driver_id", date_trunc('day', "t3"."event_timestamp") AS "event_timestamp", CASE WHEN ("t3"."conv_rate" > 0.5) THEN 'a' ELSE 'B' END AS "band"
      FROM "driver_stats" AS "t3"
    ) AS "q4"
    WHERE "q4"."driver_id" IS NOT NULL AND "q4"."event_timestamp" IS NOT NULL AND "q4"."event_timestamp" <= (
      SELECT max("t5"."event_timestamp") AS "max"
      FROM "orders" AS "t5"
    )
  ) AS "q6"
    ON "q6"."driver_id" = "q2"."driver_id"
    AND "q2"."event_timestamp" >= "q6"."event_timestamp"
) AS "q7"
LEFT JOIN (
  SELECT "t8"."driver_id" AS "driver_id", date_trunc('day', "t8"."event_timestamp") AS "event_timestamp", CASE WHEN ("t8"."conv_rate" > 0.5) THEN 'a' ELSE 'B' END AS "band"
  FROM "driver_stats" AS "t8"
) AS "q9"
  ON "q9"."driver_id" = "q7"."driver_id"
  AND "q9"."event_timestamp" = "q7"."__pitgate_pick"
QUALIFY row_number() OVER (PARTITION BY "q7"."__pitgate_row" ORDER BY "q9"."band" DESC NULLS LAST) = 1
