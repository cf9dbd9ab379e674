SELECT `q2`.`order_id` AS `order_id`, `t3`.`conv_rate` AS `conv_rate`, `t3`.`created` AS `created`
FROM (
  SELECT `t1`.`order_id` AS `order_id`, `t1`.`driver_id` AS `driver_id`, `t1`.`customer_id` AS `customer_id`, `t1`.`event_timestamp` AS `event_timestamp`, row_number() OVER () AS `__pitgate_row`
  FROM `orders` AS `t1`
) AS `q2`
LEFT JOIN `driver_stats` AS `t3`
  ON `t3`.`driver_id` = `q2`.`driver_id`
  AND `t3`.`event_timestamp` <= `q2`.`event_timestamp`
WHERE TRUE
QUALIFY row_number() OVER (PARTITION BY `q2`.`__pitgate_row` ORDER BY `t3`.`event_timestamp` DESC NULLS LAST, `t3`.`created` DESC NULLS LAST, `t3`.`conv_rate` DESC NULLS LAST, `t3`.`acc_rate` DESC NULLS LAST, `t3`.`avg_daily_trips` DESC NULLS LAST) = 1
