SELECT `q5`.`column1` AS `driver_id`, `q5`.`column2` AS `ts`, `q5`.`__pitgate_win`.`conv_rate` AS `conv_rate`, `q5`.`__pitgate_win`.`avg_daily_trips` AS `avg_daily_trips`
FROM (
  SELECT ANY_VALUE(`q2`.`column1`) AS `column1`, ANY_VALUE(`q2`.`column2`) AS `column2`, ARRAY_AGG(STRUCT(`q4`.`driver_id` AS `driver_id`, `q4`.`event_timestamp` AS `event_timestamp`, `q4`.`__created` AS `__created`, `q4`.`conv_rate` AS `conv_rate`, `q4`.`acc_rate` AS `acc_rate`, `q4`.`avg_daily_trips` AS `avg_daily_trips`) ORDER BY `q4`.`event_timestamp` DESC, `q4`.`__created` DESC, `q4`.`conv_rate` DESC, `q4`.`acc_rate` DESC, `q4`.`avg_daily_trips` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `__pitgate_win`
  FROM (
    SELECT `v1`.`column1` AS `column1`, `v1`.`column2` AS `column2`, row_number() OVER () AS `__pitgate_row`
    FROM (SELECT 1001 AS `column1`, TIMESTAMP('2024-01-05 10:30:00+00', 'UTC') AS `column2` UNION ALL SELECT 1002 AS `column1`, TIMESTAMP('2024-01-06 00:00:00+00', 'UTC') AS `column2` UNION ALL SELECT NULL AS `column1`, TIMESTAMP('2024-01-06 00:00:00+00', 'UTC') AS `column2`) AS `v1`
  ) AS `q2`
  LEFT JOIN (
    SELECT `t3`.`driver_id` AS `driver_id`, `t3`.`event_timestamp` AS `event_timestamp`, `t3`.`created` AS `__created`, `t3`.`conv_rate` AS `conv_rate`, `t3`.`acc_rate` AS `acc_rate`, `t3`.`avg_daily_trips` AS `avg_daily_trips`
    FROM `driver_stats` AS `t3`
  ) AS `q4`
    ON `q4`.`driver_id` = `q2`.`column1`
    AND `q4`.`event_timestamp` <= `q2`.`column2`
    AND `q4`.`event_timestamp` >= TIMESTAMP_SUB(`q2`.`column2`, INTERVAL 7200 SECOND)
  GROUP BY `q2`.`__pitgate_row`
) AS `q5`
ORDER BY `q5`.`column1` ASC NULLS LAST, `q5`.`column2` ASC NULLS LAST
