SELECT `t1`.`driver_id` AS `driver_id`, `t1`.`event_timestamp` AS `event_timestamp`, `t1`.`conv_rate` AS `conv_rate`, `t1`.`acc_rate` AS `acc_rate`, `t1`.`avg_daily_trips` AS `avg_daily_trips`
FROM `driver_stats` AS `t1`
ORDER BY `t1`.`driver_id` ASC NULLS LAST, `t1`.`event_timestamp` ASC NULLS LAST
LIMIT 5
