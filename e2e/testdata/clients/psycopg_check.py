"""Runs the parameterized design query through psycopg2 and psycopg 3.

Usage: psycopg_check.py DSN DRIVER_ID SINCE_ISO QUERY_FILE
Prints one JSON object: for each way of running the query, its rows.
"""
import datetime
import json
import sys

import psycopg
import psycopg2

dsn, driver, since, query_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
since = datetime.datetime.fromisoformat(since)
with open(query_file) as f:
    query = f.read()
args = (driver, since)
out = {}

# psycopg2 binds on the client and speaks the simple protocol; without
# autocommit it wraps the statements in BEGIN ... COMMIT.
c2 = psycopg2.connect(dsn)
cur = c2.cursor()
cur.execute(query, args)
out["psycopg2"] = cur.fetchall()
cur.execute("SELECT %s::int8 + 1, %s::text", (41, "it's"))
out["psycopg2 literals"] = cur.fetchall()
c2.commit()
c2.close()

# psycopg 3 binds on the server: Parse/Bind/Execute, the parameters typed
# by the client (int2..int8 by value, timestamptz).
with psycopg.connect(dsn) as c3:
    for _ in range(2):
        out["psycopg3 prepared"] = c3.execute(query, args, prepare=True).fetchall()
    out["psycopg3 binary"] = c3.cursor(binary=True).execute(query, args, prepare=True).fetchall()
    out["psycopg3 not prepared"] = c3.execute(query, args, prepare=False).fetchall()
    out["psycopg3 status in transaction"] = [[c3.info.transaction_status.name]]
    c3.commit()
    out["psycopg3 status after commit"] = [[c3.info.transaction_status.name]]


def encode(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    raise TypeError(type(v))


json.dump(out, sys.stdout, default=encode)
