#!/usr/bin/env python3
"""Extract PostgreSQL -> BigQuery/Snowflake/DuckDB pairs from sqlglot's dialect tests.

Usage: extract.py SQLGLOT_GIT_DIR [COMMIT] > testdata/sqlglot/pairs.jsonl

Reads tests/dialects/test_{postgres,bigquery,snowflake,duckdb}.py at COMMIT
(default HEAD) with `git show` (nothing of sqlglot is copied but the SQL
strings of its test cases) and walks each file's syntax tree for calls
self.validate_all(sql, read={...}, write={...}). In sqlglot's Validator,
every read[d] transpiles to sql (in the test class's dialect) and sql
transpiles to every write[d]. So a pair (postgres text, target text) is:

  - test_postgres.py:  sql               -> write[target]
  - test_<target>.py:  read["postgres"]  -> sql, and write["postgres"] -> sql
  - test_<other>.py:   write["postgres"] -> write[target]

Only string constants count: an f-string, a variable or UnsupportedError is
skipped. Python 3 standard library only.
"""
import ast
import json
import subprocess
import sys

FILES = {
    "postgres": "tests/dialects/test_postgres.py",
    "bigquery": "tests/dialects/test_bigquery.py",
    "snowflake": "tests/dialects/test_snowflake.py",
    "duckdb": "tests/dialects/test_duckdb.py",
}
TARGETS = ("bigquery", "snowflake", "duckdb")


def text(node):
    """The string a node holds, or None when it is not a plain constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def mapping(node):
    """A dict literal of dialect -> string constant (others left out)."""
    out = {}
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            key, val = text(k), text(v)
            if key is not None and val is not None:
                out[key] = val
    return out


def calls(tree):
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "validate_all" and node.args):
            yield node


def pairs_of(call, dialect):
    sql = text(call.args[0])
    kw = {k.arg: k.value for k in call.keywords}
    read, write = mapping(kw.get("read")), mapping(kw.get("write"))
    pretty = isinstance(kw.get("pretty"), ast.Constant) and kw["pretty"].value is True
    if sql is None:
        return
    if dialect == "postgres":
        for t in TARGETS:
            if t in write:
                yield "write", sql, t, write[t], pretty
        return
    if "postgres" in read:
        yield "read", read["postgres"], dialect, sql, pretty
    if "postgres" in write:
        yield "write", write["postgres"], dialect, write.get(dialect, sql), pretty
        for t in TARGETS:
            if t != dialect and t in write:
                yield "write", write["postgres"], t, write[t], pretty


def main():
    gitdir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    commit = subprocess.check_output(["git", "--git-dir", gitdir, "rev-parse", commit], text=True).strip()
    seen = set()
    for dialect, path in FILES.items():
        src = subprocess.check_output(["git", "--git-dir", gitdir, "show", commit + ":" + path], text=True)
        for call in sorted(calls(ast.parse(src)), key=lambda c: c.lineno):
            for kind, pg, target, want, pretty in pairs_of(call, dialect):
                key = (pg, target, want)
                if key in seen:
                    continue
                seen.add(key)
                print(json.dumps({
                    "commit": commit, "file": path, "line": call.lineno, "kind": kind,
                    "postgres": pg, "dialect": target, "sqlglot": want, "pretty": pretty,
                }, ensure_ascii=False))


if __name__ == "__main__":
    main()
