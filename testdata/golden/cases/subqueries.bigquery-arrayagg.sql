SELECT `t1`.`order_id` AS `order_id`, (
  SELECT MAX(`t4`.`event_timestamp`) AS `max`
  FROM `driver_stats` AS `t4`
  WHERE (`t4`.`driver_id` = `t1`.`driver_id`)
) AS `last_stat`
FROM `orders` AS `t1`
WHERE ((EXISTS (
  SELECT 1 AS `?column?`
  FROM `customer_stats` AS `t2`
  WHERE (`t2`.`customer_id` = `t1`.`customer_id`)
)) AND (`t1`.`driver_id` IN (
  SELECT `t3`.`driver_id` AS `driver_id`
  FROM `driver_stats` AS `t3`
  WHERE (`t3`.`conv_rate` > 0.9)
)))
ORDER BY `t1`.`order_id` ASC NULLS LAST
LIMIT 20
