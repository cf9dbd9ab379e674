SELECT `q2`.`order_id` AS `order_id`, `q2`.`driver_id` AS `driver_id`, `q2`.`event_timestamp` AS `event_timestamp`, `q4`.`conv_rate` AS `conv_rate`, `q4`.`acc_rate` AS `acc_rate`
FROM (
  SELECT `t1`.`order_id` AS `order_id`, `t1`.`driver_id` AS `driver_id`, `t1`.`customer_id` AS `customer_id`, `t1`.`event_timestamp` AS `event_timestamp`, row_number() OVER () AS `__pitgate_row`
  FROM `orders` AS `t1`
) AS `q2`
LEFT JOIN (
  SELECT `t3`.`driver_id` AS `driver_id`, `t3`.`event_timestamp` AS `event_timestamp`, `t3`.`created` AS `__created`, `t3`.`conv_rate` AS `conv_rate`, `t3`.`acc_rate` AS `acc_rate`, `t3`.`avg_daily_trips` AS `avg_daily_trips`
  FROM `driver_stats` AS `t3`
) AS `q4`
  ON `q4`.`driver_id` = `q2`.`driver_id`
  AND `q4`.`event_timestamp` <= `q2`.`event_timestamp`
  AND `q4`.`event_timestamp` >= TIMESTAMP_SUB(`q2`.`event_timestamp`, INTERVAL 7200 SECOND)
WHERE TRUE
QUALIFY row_number() OVER (PARTITION BY `q2`.`__pitgate_row` ORDER BY `q4`.`event_timestamp` DESC NULLS LAST, `q4`.`__created` DESC NULLS LAST, `q4`.`conv_rate` DESC NULLS LAST, `q4`.`acc_rate` DESC NULLS LAST, `q4`.`avg_daily_trips` DESC NULLS LAST) = 1
