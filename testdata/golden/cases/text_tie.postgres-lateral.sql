SELECT "t1"."order_id" AS "order_id", "q4"."event_timestamp" AS "band_day", "q4"."band" AS "band"
FROM "orders" AS "t1"
LEFT JOIN LATERAL (
  SELECT "q3"."driver_id" AS "driver_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."band" AS "band"
  FROM (
    SELECT "t2"."driver_id" AS "driver_id", date_trunc('day', "t2"."event_timestamp") AS "event_timestamp", CASE WHEN ("t2"."conv_rate" > 0.5) THEN 'a' ELSE 'B' END AS "band"
    FROM "driver_stats" AS "t2"
  ) AS "q3"
  WHERE "q3"."driver_id" = "t1"."driver_id" AND "q3"."event_timestamp" <= "t1"."event_timestamp"
  ORDER BY "q3"."event_timestamp" DESC NULLS FIRST, "q3"."band" COLLATE "C" DESC NULLS LAST
  LIMIT 1
) AS "q4" ON TRUE
