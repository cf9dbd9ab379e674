"""Reflects a server with SQLAlchemy's inspector and reads a feature view with pandas,
as Superset and notebooks do.

Usage: sqlalchemy_check.py NAME=URL...
Each URL is a SQLAlchemy URL (postgresql+psycopg2://...). Prints one JSON object: for each
NAME, what the inspector and pandas answered.
"""
import json
import sys

import pandas
import sqlalchemy
from sqlalchemy import create_engine, inspect


def check(url):
    engine = create_engine(url)
    out = {"sqlalchemy": sqlalchemy.__version__, "pandas": pandas.__version__}

    insp = inspect(engine)
    # The dialect parsed SELECT pg_catalog.version() with its regex on connect.
    out["server_version_info"] = list(engine.dialect.server_version_info)
    out["default_schema_name"] = insp.default_schema_name
    out["schema_names"] = insp.get_schema_names()
    out["table_names public"] = insp.get_table_names(schema="public")
    out["table_names features"] = insp.get_table_names(schema="features")
    out["view_names features"] = insp.get_view_names(schema="features")
    out["view_names online"] = insp.get_view_names(schema="online")
    out["columns"] = [
        {"name": c["name"], "type": repr(c["type"]), "nullable": c["nullable"],
         "default": c["default"], "comment": c.get("comment")}
        for c in insp.get_columns("driver_hourly_stats", schema="features")
    ]
    out["table_comment"] = insp.get_table_comment("driver_hourly_stats", schema="features")
    out["pk"] = insp.get_pk_constraint("driver_hourly_stats", schema="features")
    out["foreign_keys"] = insp.get_foreign_keys("driver_hourly_stats", schema="features")
    out["indexes"] = insp.get_indexes("driver_hourly_stats", schema="features")
    out["unique_constraints"] = insp.get_unique_constraints("driver_hourly_stats", schema="features")
    out["view_definition"] = insp.get_view_definition("driver_hourly_stats", schema="features")
    out["has_table"] = {
        "features.driver_hourly_stats": insp.has_table("driver_hourly_stats", schema="features"),
        "driver_hourly_stats": insp.has_table("driver_hourly_stats"),
        "public.driver_stats": insp.has_table("driver_stats", schema="public"),
        "features.nope": insp.has_table("nope", schema="features"),
    }

    frame = pandas.read_sql("SELECT * FROM driver_hourly_stats LIMIT 5", engine)
    out["read_sql"] = {
        "rows": len(frame),
        "columns": list(frame.columns),
        "dtypes": [str(t) for t in frame.dtypes],
    }

    engine.dispose()
    return out


results = {}
for arg in sys.argv[1:]:
    name, url = arg.split("=", 1)
    results[name] = check(url)
json.dump(results, sys.stdout, default=str)
