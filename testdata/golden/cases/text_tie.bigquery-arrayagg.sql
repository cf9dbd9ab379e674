SELECT `q5`.`order_id` AS `order_id`, `q5`.`__pitgate_win`.`event_timestamp` AS `band_day`, `q5`.`__pitgate_win`.`band` AS `band`
FROM (
  SELECT ANY_VALUE(`q2`.`order_id`) AS `order_id`, ANY_VALUE(`q2`.`driver_id`) AS `driver_id`, ANY_VALUE(`q2`.`customer_id`) AS `customer_id`, ANY_VALUE(`q2`.`event_timestamp`) AS `event_timestamp`, ARRAY_AGG(STRUCT(`q4`.`driver_id` AS `driver_id`, `q4`.`event_timestamp` AS `event_timestamp`, `q4`.`band` AS `band`) ORDER BY `q4`.`event_timestamp` DESC, `q4`.`band` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `__pitgate_win`
  FROM (
    SELECT `t1`.`order_id` AS `order_id`, `t1`.`driver_id` AS `driver_id`, `t1`.`customer_id` AS `customer_id`, `t1`.`event_timestamp` AS `event_timestamp`, row_number() OVER () AS `__pitgate_row`
    FROM `orders` AS `t1`
  ) AS `q2`
  LEFT JOIN (
    SELECT `t3`.`driver_id` AS `driver_id`, TIMESTAMP_TRUNC(`t3`.`event_timestamp`, DAY) AS `event_timestamp`, CASE WHEN (`t3`.`conv_rate` > 0.5) THEN 'a' ELSE 'B' END AS `band`
    FROM `driver_stats` AS `t3`
  ) AS `q4`
    ON `q4`.`driver_id` = `q2`.`driver_id`
    AND `q4`.`event_timestamp` <= `q2`.`event_timestamp`
  GROUP BY `q2`.`__pitgate_row`
) AS `q5`
