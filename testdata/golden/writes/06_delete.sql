DELETE FROM pitgate_wtest.scores WHERE score IS NULL OR label IN ('b', 'x')
