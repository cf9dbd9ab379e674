CREATE TABLE IF NOT EXISTS pitgate_wtest.empty (a, b) AS SELECT 1 AS x, 'y' AS y WITH NO DATA
