"""pandas to_sql into session temporary tables through pitgate, with
if_exists="replace" and "append", and has_table per session; then psycopg 3
binary COPY into a temporary table. Usage: notebook_temp_check.py
SQLALCHEMY_URL LIBPQ_URL. Prints JSON of what each step saw.
"""
import datetime
import json
import sys

import pandas as pd
import psycopg
import sqlalchemy as sa

url, libpq_url = sys.argv[1:3]
engine = sa.create_engine(url)
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
df = pd.DataFrame({
    "order_id": range(1, 101),
    "driver_id": [1001 + i % 7 for i in range(100)],
    "event_timestamp": [start + datetime.timedelta(minutes=i) for i in range(100)],
})
out = {}


def count(conn, table):
    return int(pd.read_sql(f"SELECT count(*) AS n FROM {table}", conn)["n"][0])


with engine.connect() as a, engine.connect() as b:  # two pitgate sessions
    out["a_has_before"] = sa.inspect(a).has_table("orders_df")
    df.to_sql("orders_df", a, index=False)
    out["a_has_after_create"] = sa.inspect(a).has_table("orders_df")
    out["b_has"] = sa.inspect(b).has_table("orders_df")
    out["a_columns"] = [c["name"] for c in sa.inspect(a).get_columns("orders_df")]
    df.head(40).to_sql("orders_df", a, index=False, if_exists="replace")
    out["a_after_replace"] = count(a, "orders_df")
    df.tail(25).to_sql("orders_df", a, index=False, if_exists="append")
    out["a_after_append"] = count(a, "orders_df")
    back = pd.read_sql("SELECT order_id, event_timestamp FROM orders_df ORDER BY order_id", a)
    out["a_order_ids"] = back["order_id"].tolist()
    out["a_first_ts"] = back["event_timestamp"][0].isoformat()
    try:
        df.to_sql("orders_df", a, index=False)
        out["a_fail_raises"] = False
    except ValueError:
        out["a_fail_raises"] = True
    # b's own orders_df: append creates it, as nothing of that name is visible to b.
    df.head(3).to_sql("orders_df", b, index=False, if_exists="append")
    out["b_has_after_append"] = sa.inspect(b).has_table("orders_df")
    out["b_count"] = count(b, "orders_df")
    out["a_count_after_b"] = count(a, "orders_df")

engine.dispose()  # closes a's and b's connections: their sessions end
with engine.connect() as c:  # a new session sees neither table
    out["c_has"] = sa.inspect(c).has_table("orders_df")

# psycopg 3: binary COPY into a temporary table.
with psycopg.connect(libpq_url, autocommit=True) as conn:
    conn.execute("CREATE TEMP TABLE entity_rows (driver_id bigint, ts timestamptz, note text, w double precision)")
    with conn.cursor() as cur:
        with cur.copy("COPY entity_rows (driver_id, ts, note, w) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "timestamptz", "text", "float8"])
            for i in range(1000):
                copy.write_row((1001 + i % 7, start + datetime.timedelta(seconds=i), None if i % 10 == 0 else f"n{i}", i / 4))
        out["psycopg_copy_rowcount"] = cur.rowcount
        cur.execute("SELECT count(*), count(note), sum(w), min(ts) FROM entity_rows")
        n, notes, w, first = cur.fetchone()
        out["psycopg_rows"] = [n, notes, float(w), first.astimezone(datetime.timezone.utc).isoformat()]
json.dump(out, sys.stdout)
