"""COPY FROM STDIN through libpq's extended protocol (PQexecParams: Parse,
Bind, Describe, Execute, Sync), driven with psycopg 3's pgconn, into
online.driver_hourly_stats and into a session temporary table, with CSV
and the FORCE_NOT_NULL / FORCE_NULL options; psycopg 3's cursor.copy()
(the simple protocol, as pgjdbc's CopyManager) into the same table.

Usage: copy_extended.py DSN. Prints one JSON object of what each step saw.
"""
import json
import sys

import psycopg
from psycopg import pq

dsn = sys.argv[1]
out = {}


def copy_in_extended(pgconn, sql, data):
    """Runs COPY ... FROM STDIN with PQexecParams and sends data."""
    res = pgconn.exec_params(sql.encode(), [])
    if res.status == pq.ExecStatus.FATAL_ERROR:
        return [res.error_field(pq.DiagnosticField.SQLSTATE).decode(), res.error_message.decode().strip()]
    if res.status != pq.ExecStatus.COPY_IN:
        raise RuntimeError("COPY did not start: %s %s" % (res.status, res.error_message))
    pgconn.put_copy_data(data.encode())
    pgconn.put_copy_end()
    res = pgconn.get_result()
    while pgconn.get_result() is not None:
        pass
    if res.status != pq.ExecStatus.COMMAND_OK:
        return [res.error_field(pq.DiagnosticField.SQLSTATE).decode(), res.error_message.decode().strip()]
    return [res.command_status.decode()]


with psycopg.connect(dsn, autocommit=True) as conn:
    pgconn = conn.pgconn
    out["online"] = copy_in_extended(
        pgconn, "COPY online.driver_hourly_stats (driver_id, event_timestamp, conv_rate, acc_rate) FROM STDIN",
        "2001\t2030-01-01 00:00:00+00\t0.5\t\\N\n2002\t2030-01-01 00:00:00+00\t0.25\t0.75\n")
    cur = conn.cursor()
    cur.execute("SELECT driver_id, conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id IN (2001, 2002)")
    out["online rows"] = [list(r) for r in cur.fetchall()]

    cur.execute("CREATE TEMP TABLE notes (id integer, note text, tag text)")
    out["temp csv"] = copy_in_extended(
        pgconn, "COPY notes FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (note), FORCE_NULL (tag))",
        '1,,""\n2,"",x\n')
    out["temp bad option"] = copy_in_extended(
        pgconn, "COPY notes FROM STDIN WITH (FORMAT text, FORCE_NULL (tag))", "")
    with cur.copy("COPY notes (id, note) FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(b"3,simple\n")
    cur.execute("SELECT id, note, tag FROM notes ORDER BY id")
    out["temp rows"] = [list(r) for r in cur.fetchall()]
print(json.dumps(out))
