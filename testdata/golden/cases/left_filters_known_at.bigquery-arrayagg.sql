SELECT `q5`.`order_id` AS `order_id`, `q5`.`__pitgate_win`.`conv_rate` AS `conv_rate`, `q5`.`__pitgate_win`.`avg_daily_trips` AS `avg_daily_trips`
FROM (
  SELECT ANY_VALUE(`q2`.`order_id`) AS `order_id`, ANY_VALUE(`q2`.`driver_id`) AS `driver_id`, ANY_VALUE(`q2`.`customer_id`) AS `customer_id`, ANY_VALUE(`q2`.`event_timestamp`) AS `event_timestamp`, ARRAY_AGG(STRUCT(`q4`.`driver_id` AS `driver_id`, `q4`.`event_timestamp` AS `event_timestamp`, `q4`.`__created` AS `__created`, `q4`.`conv_rate` AS `conv_rate`, `q4`.`avg_daily_trips` AS `avg_daily_trips`) ORDER BY `q4`.`event_timestamp` DESC, `q4`.`__created` DESC, `q4`.`conv_rate` DESC, `q4`.`avg_daily_trips` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `__pitgate_win`
  FROM (
    SELECT `t1`.`order_id` AS `order_id`, `t1`.`driver_id` AS `driver_id`, `t1`.`customer_id` AS `customer_id`, `t1`.`event_timestamp` AS `event_timestamp`, row_number() OVER () AS `__pitgate_row`
    FROM `orders` AS `t1`
    WHERE (MOD(`t1`.`customer_id`, 3) = 1)
  ) AS `q2`
  LEFT JOIN (
    SELECT `t3`.`driver_id` AS `driver_id`, `t3`.`event_timestamp` AS `event_timestamp`, `t3`.`created` AS `__created`, `t3`.`conv_rate` AS `conv_rate`, `t3`.`avg_daily_trips` AS `avg_daily_trips`
    FROM `driver_stats` AS `t3`
  ) AS `q4`
    ON `q4`.`driver_id` = `q2`.`driver_id`
    AND `q4`.`event_timestamp` <= `q2`.`event_timestamp`
    AND `q4`.`event_timestamp` >= TIMESTAMP_SUB(`q2`.`event_timestamp`, INTERVAL 86400 SECOND)
    AND `q4`.`__created` <= `q2`.`event_timestamp`
  GROUP BY `q2`.`__pitgate_row`
) AS `q5`
WHERE ((`q5`.`event_timestamp` >= (
  SELECT MIN(`t6`.`event_timestamp`) AS `min`
  FROM `orders` AS `t6`
)) AND (`q5`.`__pitgate_win`.`conv_rate` IS NULL))
ORDER BY `q5`.`order_id` ASC NULLS LAST
