UPDATE pitgate_wtest.scores AS s SET score = s.score * 2, label = upper(label) || '!' WHERE driver_id = 1001 AND label <> 'hist'
