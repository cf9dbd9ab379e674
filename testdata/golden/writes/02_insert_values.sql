INSERT INTO pitgate_wtest.scores VALUES (1001, '2026-01-01 10:00:00+00', 0.5, 'a', '2026-01-01'), (1002, '2026-01-02 00:00:00+00', NULL, 'it''s', NULL)
