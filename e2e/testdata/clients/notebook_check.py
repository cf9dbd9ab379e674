"""The notebook flow through pitgate: an entity DataFrame in (pandas
to_sql, method="multi" and the default executemany), the ASOF query out
(pandas read_sql). Usage: notebook_check.py URL ENTITY_CSV QUERY_FILE.
Prints JSON: upload seconds per method, the result's dtypes and null
counts, and its rows (timestamps as UTC epoch microseconds, NULL as null).
"""
import json
import sys
import time

import pandas as pd
import sqlalchemy as sa

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
