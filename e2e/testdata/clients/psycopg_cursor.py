"""Reads a query through server-side cursors of psycopg2 and psycopg 3.

Usage: psycopg_cursor.py DSN QUERY_FILE PARAM_QUERY_FILE DRIVER_ID SINCE_ISO
Prints one JSON object: for each way of reading, its rows, and the sizes
of the chunks each fetchmany(500) returned.
"""
import datetime
import json
import sys

import psycopg
import psycopg2

dsn, query_file, param_file = sys.argv[1], sys.argv[2], sys.argv[3]
driver, since = int(sys.argv[4]), datetime.datetime.fromisoformat(sys.argv[5])
with open(query_file) as f:
    query = f.read()
with open(param_file) as f:
    param_query = f.read()
out = {}


def chunks(cur, rows):
    sizes = []
    while True:
        got = cur.fetchmany(500)
        sizes.append(len(got))
        rows.extend(got)
        if not got:
            return sizes


# psycopg2: DECLARE "c" CURSOR WITHOUT HOLD FOR ... inside its BEGIN, then
# FETCH FORWARD itersize FROM "c" in the simple protocol.
c2 = psycopg2.connect(dsn)
plain = c2.cursor()
plain.execute(query)
out["plain"] = plain.fetchall()
cur = c2.cursor(name="c")
cur.itersize = 500
cur.execute(query)
out["psycopg2 iterated"] = list(cur)
cur.close()
cur = c2.cursor(name="c")
cur.execute(query)
rows = []
out["psycopg2 chunk sizes"] = [chunks(cur, rows)]
out["psycopg2 fetchmany"] = rows
cur.close()
c2.commit()
held = c2.cursor(name="h", withhold=True)
held.execute(query)
c2.commit()  # a WITH HOLD cursor outlives its transaction
out["psycopg2 withhold"] = held.fetchall()
held.close()
c2.close()

# psycopg 3: DECLARE through the extended protocol (with server-side
# parameters), Describe of the cursor's portal, then FETCH FORWARD n.
with psycopg.connect(dsn) as c3:
    with c3.cursor(name="s3") as cur:
        cur.itersize = 500
        cur.execute(query)
        out["psycopg3 iterated"] = list(cur)
    with c3.cursor(name="m3") as cur:
        cur.execute(query)
        rows = []
        out["psycopg3 chunk sizes"] = [chunks(cur, rows)]
        out["psycopg3 fetchmany"] = rows
    with c3.cursor(name="b3", binary=True) as cur:
        cur.execute(query)
        out["psycopg3 binary"] = cur.fetchall()
    with c3.cursor(name="p3") as cur:
        cur.execute(param_query, (driver, since))
        out["psycopg3 parameters"] = cur.fetchall()
    with c3.cursor(name="k3") as cur:
        cur.execute(query)
        cur.scroll(10)  # MOVE 10 FROM k3
        out["psycopg3 after scroll"] = cur.fetchall()
    c3.commit()

with psycopg.connect(dsn, autocommit=True) as c3:
    with c3.cursor(name="w3", withhold=True) as cur:
        cur.execute(query)
        out["psycopg3 withhold autocommit"] = cur.fetchall()


def encode(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    raise TypeError(type(v))


json.dump(out, sys.stdout, default=encode)
