INSERT INTO pitgate_wtest.scores (label, driver_id) VALUES ('b', 1003)
