"""The notebook flow through pitgate: an entity DataFrame in (pandas
to_sql, method="multi" and the default executemany), the ASOF query out
(pandas read_sql), then the same query saved as a dataset and read back,
and copied out with psycopg's COPY and parsed back. Usage: notebook_check.py URL ENTITY_CSV QUERY_FILE.
Prints JSON: upload seconds per method, the result's dtypes and null
counts, and its rows (timestamps as UTC epoch microseconds, NULL as null).
"""
import io
import json
import sys
import time

import pandas as pd
import psycopg
import sqlalchemy as sa



def sorted_frame(frame):
    """frame in a fixed row order (the demo has duplicate orders)."""
    return frame.sort_values(list(frame.columns), na_position="first").reset_index(drop=True)


def frame_difference(got, want):
    """'' when got equals want (values and dtypes), else what differs."""
    try:
        pd.testing.assert_frame_equal(sorted_frame(got), sorted_frame(want), check_exact=True)
    except AssertionError as e:
        return str(e)[:2000]
    return ""


def saved_dataset_and_copy(engine, csv_path, query, result, out):
    """Saves the ASOF query as datasets.notebook_train and reads it back;
    in a psycopg 3 session of its own (temporary tables are per session),
    uploads the entity rows with COPY FROM STDIN, copies the query out
    with COPY ... TO STDOUT (CSV, HEADER) and parses it with read_csv.
    Both must equal read_sql's DataFrame."""
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS datasets.notebook_train")
        conn.exec_driver_sql("CREATE TABLE datasets.notebook_train AS " + query)
    saved = pd.read_sql("SELECT * FROM datasets.notebook_train", engine)
    out["dataset_rows"] = len(saved)
    out["dataset_difference"] = frame_difference(saved, result)
    listed = pd.read_sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'datasets'", engine)
    out["datasets_listed"] = sorted(listed["table_name"].tolist())

    u = engine.url
    buf = io.BytesIO()
    with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database) as conn:
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE orders_df (order_id int8, driver_id int8, customer_id int8, event_timestamp timestamptz)")
            with cur.copy("COPY orders_df FROM STDIN WITH (FORMAT csv, HEADER)") as copy:
                with open(csv_path, "rb") as f:
                    copy.write(f.read())
            with cur.copy("COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for data in copy:
                    buf.write(data)
    buf.seek(0)
    copied = pd.read_csv(buf)
    for c, t in result.dtypes.items():
        if str(t).startswith("datetime64"):
            copied[c] = pd.to_datetime(copied[c], utc=True).astype(t)
    out["copy_rows"] = len(copied)
    out["copy_difference"] = frame_difference(copied, result)


url, csv_path, query_path = sys.argv[1:4]
df = pd.read_csv(csv_path, dtype={"order_id": "int64", "driver_id": "Int64", "customer_id": "Int64"})
df["event_timestamp"] = pd.to_datetime(df["event_timestamp"], utc=True)
query = open(query_path).read()
engine = sa.create_engine(url)
out = {"upload_seconds": {}}
for table, kwargs in [("orders_df", {"method": "multi", "chunksize": 1000}), ("orders_df_default", {})]:
    start = time.perf_counter()
    df.to_sql(table, engine, index=False, **kwargs)
    out["upload_seconds"][table] = time.perf_counter() - start
start = time.perf_counter()
result = pd.read_sql(query, engine)
out["read_seconds"] = time.perf_counter() - start
check = pd.read_sql(query.replace("FROM orders_df o", "FROM orders_df_default o"), engine)
out["default_rows_equal"] = bool(
    check.sort_values("order_id").reset_index(drop=True).equals(result.sort_values("order_id").reset_index(drop=True)))
saved_dataset_and_copy(engine, csv_path, query, result, out)
out["dtypes"] = {c: str(t) for c, t in result.dtypes.items()}
out["nulls"] = {c: int(n) for c, n in result.isna().sum().items()}
columns = []
for c, t in result.dtypes.items():
    col = result[c]
    if str(t).startswith("datetime64"):
        values = [None if n else v for v, n in zip(col.astype("int64").floordiv(1000).tolist(), col.isna().tolist())]
    else:
        values = [None if n else v for v, n in zip(col.tolist(), col.isna().tolist())]
    columns.append(values)
rows = [list(r) for r in zip(*columns)]
out["columns"] = list(result.columns)
out["rows"] = rows
json.dump(out, sys.stdout)
