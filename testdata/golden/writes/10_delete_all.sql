DELETE FROM pitgate_wtest.training
