"""Drives pitgate through psqlODBC (Debian's odbc-postgresql) and unixODBC with pyodbc.

Usage: odbc_check.py HOST PORT DRIVER_ID SINCE_ISO DESIGN_QUERY_FILE PARAM_QUERY_FILE
PARAM_QUERY_FILE has ? placeholders, bound with SQLBindParameter. Prints one
JSON object: for each mode (UseServerSidePrepare 0 and 1, and Tableau's
options), each check's rows.
"""
import datetime
import decimal
import json
import sys

import pyodbc

host, port, driver, since, design_file, param_file = sys.argv[1:7]
since = datetime.datetime.fromisoformat(since)
with open(design_file) as f:
    design_query = f.read()
with open(param_file) as f:
    param_query = f.read()


def rows(cursor):
    return [list(r) for r in cursor.fetchall()]


def catalog(cur):
    """The catalog functions psqlODBC implements with its own queries."""
    out = {}
    out["tables"] = [r[:4] for r in rows(cur.tables(schema="features"))]
    out["columns"] = [[r.column_name, r.type_name, r.data_type, r.remarks, r.ordinal_position]
                      for r in cur.columns(table="driver_hourly_stats", schema="features")]
    out["primaryKeys"] = rows(cur.primaryKeys("driver_hourly_stats", schema="features"))
    out["getTypeInfo"] = [[r.type_name, r.data_type] for r in cur.getTypeInfo()]
    out["statistics"] = rows(cur.statistics("driver_hourly_stats", schema="features"))
    out["foreignKeys"] = rows(cur.foreignKeys(table="driver_hourly_stats", schema="features"))
    out["procedures"] = [[r[1], r[2]] for r in cur.procedures(procedure="version", schema="pg_catalog")]
    out["specialColumns"] = rows(cur.rowIdColumns("driver_hourly_stats", schema="features"))
    return out


# Each mode's options. "tableau" is the connection string Tableau's PostgreSQL ODBC
# connector builds (tableau/connector-plugin-sdk, samples/plugins/postgres_odbc/
# connectionBuilder.js): psqlODBC then reads every SELECT through
# DECLARE ... CURSOR WITH HOLD and FETCH 2048.
modes = {
    "ssp0": "UseServerSidePrepare=0;",
    "ssp1": "UseServerSidePrepare=1;",
    "tableau": "BOOLSASCHAR=0;LFCONVERSION=0;UseDeclareFetch=1;Fetch=2048;",
}
out = {}
for mode, options in modes.items():
    conn = pyodbc.connect(
        "Driver={PostgreSQL Unicode};"
        f"Server={host};Port={port};Database=pitgate;Uid=pitgate;Pwd=;" + options, timeout=30)
    conn.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-8")
    cur = conn.cursor()
    res = {}
    res["design"] = rows(cur.execute(design_query))
    for i in range(2):  # the second run reuses the prepared statement
        res[f"param{i}"] = rows(cur.execute(param_query, int(driver), since))
    res["types"] = rows(cur.execute("SELECT CAST(? AS int8) + 1, CAST(? AS text), CAST(? AS float8)",
                                    41, "it's", 0.25))
    try:
        cur.execute("SELECT * FROM no_such_table")
        res["error"] = [["no error"]]
    except pyodbc.Error as e:
        res["error"] = [[e.args[0]]]
    conn.rollback()
    res["after_error"] = rows(cur.execute("SELECT 1"))
    res.update(catalog(cur))
    # Tableau reads a relation's columns with a query that returns no row
    # (CAP_QUERY_WHERE_FALSE_METADATA in the sample's manifest.xml).
    cur.execute('SELECT * FROM "features"."driver_hourly_stats" "driver_hourly_stats" WHERE (1 = 0)')
    res["where_false"] = [[d[0] for d in cur.description], [len(cur.fetchall())]]
    conn.rollback()
    conn.close()
    out[mode] = res


def encode(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:  # psqlODBC gives timestamptz in the session's zone, UTC
            v = v.replace(tzinfo=datetime.timezone.utc)
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    raise TypeError(type(v))


json.dump(out, sys.stdout, default=encode)
