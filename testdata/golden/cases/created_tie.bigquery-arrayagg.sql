SELECT `q5`.`order_id` AS `order_id`, `q5`.`__pitgate_win`.`event_timestamp` AS `event_timestamp`, `q5`.`__pitgate_win`.`current_balance` AS `current_balance`, `q5`.`__pitgate_win`.`lifetime_orders` AS `lifetime_orders`
FROM (
  SELECT ANY_VALUE(`q2`.`order_id`) AS `order_id`, ANY_VALUE(`q2`.`driver_id`) AS `driver_id`, ANY_VALUE(`q2`.`customer_id`) AS `customer_id`, ANY_VALUE(`q2`.`event_timestamp`) AS `event_timestamp`, ARRAY_AGG(STRUCT(`q4`.`customer_id` AS `customer_id`, `q4`.`event_timestamp` AS `event_timestamp`, `q4`.`__created` AS `__created`, `q4`.`current_balance` AS `current_balance`, `q4`.`avg_spend` AS `avg_spend`, `q4`.`lifetime_orders` AS `lifetime_orders`) ORDER BY `q4`.`event_timestamp` DESC, `q4`.`__created` DESC, `q4`.`current_balance` DESC, `q4`.`avg_spend` DESC, `q4`.`lifetime_orders` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `__pitgate_win`
  FROM (
    SELECT `t1`.`order_id` AS `order_id`, `t1`.`driver_id` AS `driver_id`, `t1`.`customer_id` AS `customer_id`, `t1`.`event_timestamp` AS `event_timestamp`, row_number() OVER () AS `__pitgate_row`
    FROM `orders` AS `t1`
  ) AS `q2`
  LEFT JOIN (
    SELECT `t3`.`customer_id` AS `customer_id`, `t3`.`event_timestamp` AS `event_timestamp`, `t3`.`created` AS `__created`, `t3`.`current_balance` AS `current_balance`, `t3`.`avg_passenger_spend` AS `avg_spend`, `t3`.`lifetime_orders` AS `lifetime_orders`
    FROM `customer_stats` AS `t3`
  ) AS `q4`
    ON `q4`.`customer_id` = `q2`.`customer_id`
    AND `q4`.`event_timestamp` <= `q2`.`event_timestamp`
  GROUP BY `q2`.`__pitgate_row`
) AS `q5`
