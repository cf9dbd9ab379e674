SELECT `q3`.`driver_id` AS `driver_id`
FROM (
  (
    SELECT DISTINCT `t1`.`driver_id` AS `driver_id`
    FROM `orders` AS `t1`
    WHERE (`t1`.`driver_id` < 1005)
  )
  UNION ALL
  (
    SELECT `t2`.`customer_id` AS `driver_id`
    FROM `orders` AS `t2`
    WHERE (`t2`.`customer_id` < 20003)
  )
) AS `q3`
ORDER BY `q3`.`driver_id` ASC NULLS FIRST
