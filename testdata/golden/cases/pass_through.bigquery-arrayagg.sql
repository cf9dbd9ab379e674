SELECT `t1`.`customer_id` AS `customer_id`, COUNT(*) AS `orders`, MIN(`t1`.`event_timestamp`) AS `first_order`
FROM `orders` AS `t1`
WHERE (`t1`.`customer_id` IS NOT NULL)
GROUP BY `t1`.`customer_id`
HAVING (COUNT(*) > 1)
ORDER BY COUNT(*) DESC NULLS FIRST, `t1`.`customer_id` ASC NULLS LAST
LIMIT 10
