SELECT `t1`.`driver_id` AS `driver_id`, `t1`.`event_timestamp` AS `event_timestamp`, `t1`.`conv_rate` AS `conv_rate`, AVG(`t1`.`conv_rate`) OVER (PARTITION BY `t1`.`driver_id` ORDER BY `t1`.`event_timestamp` ASC NULLS LAST ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `conv_avg3`, CASE WHEN (`t1`.`conv_rate` >= 0.5) THEN 'high' ELSE 'low' END AS `band`
FROM `driver_stats` AS `t1`
WHERE ((`t1`.`driver_id` IN (1001, 1002)) AND (`t1`.`event_timestamp` < TIMESTAMP('2024-01-02', 'UTC')))
ORDER BY `t1`.`driver_id` ASC NULLS LAST, `t1`.`event_timestamp` ASC NULLS LAST
