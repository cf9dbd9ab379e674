SELECT "t1"."customer_id" AS "customer_id", count(*) AS "orders", min("t1"."event_timestamp") AS "first_order"
FROM "orders" AS "t1"
WHERE ("t1"."customer_id" IS NOT NULL)
GROUP BY "t1"."customer_id"
HAVING (count(*) > 1)
ORDER BY count(*) DESC NULLS FIRST, "t1"."customer_id" ASC NULLS LAST
LIMIT 10
