"""COPY through psycopg 3 (cursor.copy) and psycopg2 (copy_expert).

Usage: copy_check.py DSN QUERY_FILE
Prints one JSON object: the rows each COPY TO read (text fields, None for
NULL), and the online lookups after each COPY FROM STDIN push.
"""
import io
import json
import sys

import psycopg
import psycopg2

dsn, query_file = sys.argv[1], sys.argv[2]
with open(query_file) as f:
    query = f.read()
out = {}

with psycopg.connect(dsn, autocommit=True) as conn:
    cur = conn.cursor()
    with cur.copy("COPY (%s) TO STDOUT" % query) as copy:
        out["psycopg3 copy to"] = [list(r) for r in copy.rows()]
    with cur.copy("COPY online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips) FROM STDIN") as copy:
        copy.write_row((1001, "2030-01-01 00:00:00+00", 0.125, 0.5, 3))
        copy.write_row((1002, "2030-01-01 00:00:00+00", None, 0.75, 4))
    cur.execute("SELECT driver_id, conv_rate, acc_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id IN (1001, 1002)")
    out["psycopg3 lookup after copy"] = [list(r) for r in cur.fetchall()]
    try:
        with cur.copy("COPY online.driver_hourly_stats FROM STDIN") as copy:
            copy.write_row((1003, "2030-01-01 00:00:00+00", 0.5, 0.5, 1))
            copy.write_row((1004, "not a time", 0.5, 0.5, 1))
    except psycopg.Error as e:
        out["psycopg3 bad copy"] = [[e.sqlstate, e.diag.context]]
    cur.execute("SELECT driver_id, conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1003")
    out["psycopg3 lookup after bad copy"] = [list(r) for r in cur.fetchall()]

c2 = psycopg2.connect(dsn)
c2.autocommit = True
cur = c2.cursor()
buf = io.StringIO()
cur.copy_expert("COPY (%s) TO STDOUT WITH (FORMAT csv, HEADER)" % query, buf)
out["psycopg2 csv"] = [[buf.getvalue()]]
cur.copy_expert("COPY online.driver_hourly_stats FROM STDIN WITH (FORMAT csv)",
                io.StringIO("1005,2030-01-01 00:00:00+00,0.25,,9\n"))
cur.execute("SELECT driver_id, conv_rate, acc_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id = 1005")
out["psycopg2 lookup after copy"] = [list(r) for r in cur.fetchall()]
print(json.dumps(out))
