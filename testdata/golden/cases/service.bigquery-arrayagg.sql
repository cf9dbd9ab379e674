SELECT `q9`.`order_id` AS `order_id`, `q9`.`driver_id_2` AS `driver_id`, `q9`.`__pitgate_win`.`customer_id` AS `customer_id`, `q9`.`conv_rate` AS `conv_rate`, `q9`.`acc_rate` AS `acc_rate`, `q9`.`__pitgate_win`.`current_balance` AS `current_balance`, `q9`.`__pitgate_win`.`avg_spend` AS `avg_spend`, `q9`.`__pitgate_win`.`lifetime_orders` AS `lifetime_orders`
FROM (
  SELECT ANY_VALUE(`q6`.`order_id`) AS `order_id`, ANY_VALUE(`q6`.`driver_id`) AS `driver_id`, ANY_VALUE(`q6`.`customer_id`) AS `customer_id`, ANY_VALUE(`q6`.`event_timestamp`) AS `event_timestamp`, ANY_VALUE(`q6`.`driver_id_2`) AS `driver_id_2`, ANY_VALUE(`q6`.`event_timestamp_2`) AS `event_timestamp_2`, ANY_VALUE(`q6`.`__created`) AS `__created`, ANY_VALUE(`q6`.`conv_rate`) AS `conv_rate`, ANY_VALUE(`q6`.`acc_rate`) AS `acc_rate`, ANY_VALUE(`q6`.`avg_daily_trips`) AS `avg_daily_trips`, ARRAY_AGG(STRUCT(`q8`.`customer_id` AS `customer_id`, `q8`.`event_timestamp` AS `event_timestamp`, `q8`.`__created` AS `__created`, `q8`.`current_balance` AS `current_balance`, `q8`.`avg_spend` AS `avg_spend`, `q8`.`lifetime_orders` AS `lifetime_orders`) ORDER BY `q8`.`event_timestamp` DESC, `q8`.`__created` DESC, `q8`.`current_balance` DESC, `q8`.`avg_spend` DESC, `q8`.`lifetime_orders` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `__pitgate_win`
  FROM (
    SELECT `q5`.`order_id` AS `order_id`, `q5`.`driver_id` AS `driver_id`, `q5`.`customer_id` AS `customer_id`, `q5`.`event_timestamp` AS `event_timestamp`, `q5`.`__pitgate_win`.`driver_id` AS `driver_id_2`, `q5`.`__pitgate_win`.`event_timestamp` AS `event_timestamp_2`, `q5`.`__pitgate_win`.`__created` AS `__created`, `q5`.`__pitgate_win`.`conv_rate` AS `conv_rate`, `q5`.`__pitgate_win`.`acc_rate` AS `acc_rate`, `q5`.`__pitgate_win`.`avg_daily_trips` AS `avg_daily_trips`, row_number() OVER () AS `__pitgate_row`
    FROM (
      SELECT ANY_VALUE(`q2`.`order_id`) AS `order_id`, ANY_VALUE(`q2`.`driver_id`) AS `driver_id`, ANY_VALUE(`q2`.`customer_id`) AS `customer_id`, ANY_VALUE(`q2`.`event_timestamp`) AS `event_timestamp`, ARRAY_AGG(STRUCT(`q4`.`driver_id` AS `driver_id`, `q4`.`event_timestamp` AS `event_timestamp`, `q4`.`__created` AS `__created`, `q4`.`conv_rate` AS `conv_rate`, `q4`.`acc_rate` AS `acc_rate`, `q4`.`avg_daily_trips` AS `avg_daily_trips`) ORDER BY `q4`.`event_timestamp` DESC, `q4`.`__created` DESC, `q4`.`conv_rate` DESC, `q4`.`acc_rate` DESC, `q4`.`avg_daily_trips` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `__pitgate_win`
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
      GROUP BY `q2`.`__pitgate_row`
    ) AS `q5`
  ) AS `q6`
  LEFT JOIN (
    SELECT `t7`.`customer_id` AS `customer_id`, `t7`.`event_timestamp` AS `event_timestamp`, `t7`.`created` AS `__created`, `t7`.`current_balance` AS `current_balance`, `t7`.`avg_passenger_spend` AS `avg_spend`, `t7`.`lifetime_orders` AS `lifetime_orders`
    FROM `customer_stats` AS `t7`
  ) AS `q8`
    ON `q8`.`customer_id` = `q6`.`customer_id`
    AND `q8`.`event_timestamp` <= `q6`.`event_timestamp`
  GROUP BY `q6`.`__pitgate_row`
) AS `q9`
