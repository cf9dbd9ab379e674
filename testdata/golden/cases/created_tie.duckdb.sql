SELECT "t1"."order_id" AS "order_id", "q5"."event_timestamp" AS "event_timestamp", "q5"."current_balance" AS "current_balance", "q5"."lifetime_orders" AS "lifetime_orders"
FROM "orders" AS "t1"
ASOF LEFT JOIN (
  SELECT "q3"."customer_id" AS "customer_id", "q3"."event_timestamp" AS "event_timestamp", "q3"."__created" AS "__created", "q3"."current_balance" AS "current_balance", "q3"."avg_spend" AS "avg_spend", "q3"."lifetime_orders" AS "lifetime_orders"
  FROM (
    SELECT "t2"."customer_id" AS "customer_id", "t2"."event_timestamp" AS "event_timestamp", "t2"."created" AS "__created", "t2"."current_balance" AS "current_balance", "t2"."avg_passenger_spend" AS "avg_spend", "t2"."lifetime_orders" AS "lifetime_orders"
    FROM "customer_stats" AS "t2"
  ) AS "q3"
  WHERE "q3"."customer_id" IS NOT NULL AND "q3"."event_timestamp" IS NOT NULL AND "q3"."event_timestamp" <= (
    SELECT max("t4"."event_timestamp") AS "max"
    FROM "orders" AS "t4"
  )
  QUALIFY row_number() OVER (PARTITION BY "q3"."customer_id", "q3"."event_timestamp" ORDER BY "q3"."__created" DESC NULLS LAST, "q3"."current_balance" DESC NULLS LAST, "q3"."avg_spend" DESC NULLS LAST, "q3"."lifetime_orders" DESC NULLS LAST) = 1
) AS "q5"
  ON "q5"."customer_id" = "t1"."customer_id"
  AND "t1"."event_timestamp" >= "q5"."event_timestamp"
