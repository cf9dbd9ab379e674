CREATE TABLE pitgate_wtest.scores (driver_id int8, ts timestamptz, score float8, label text, day date)
