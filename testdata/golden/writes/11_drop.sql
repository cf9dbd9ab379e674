DROP TABLE IF EXISTS pitgate_wtest.training
