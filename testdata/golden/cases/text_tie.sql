SELECT o.order_id, b.event_timestamp AS band_day, b.band
FROM orders o
ASOF LEFT JOIN driver_band b ON b.driver_id = o.driver_id AND b.event_timestamp <= o.event_timestamp
