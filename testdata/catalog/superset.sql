-- Apache Superset's PostgreSQL engine spec (github.com/apache/superset at 007e4f5f,
-- superset/db_engine_specs/postgres.py, class PostgresEngineSpec): the queries it sends
-- itself. The rest of Superset's introspection (schemas, tables, views, columns, keys,
-- indexes) goes through SQLAlchemy's inspector, whose queries are in sqlalchemy.sql.

-- name: get_catalog_names
-- source: PostgresEngineSpec.get_catalog_names ("In Postgres, a catalog is called a database")
-- expect: row pitgate
SELECT datname FROM pg_database
WHERE datistemplate = false;

-- name: get_table_names: foreign tables
-- source: PostgresEngineSpec.get_table_names -> PGInspector.get_foreign_table_names
--         (SQLAlchemy 1.4 lib/sqlalchemy/dialects/postgresql/base.py _get_foreign_table_names)
-- expect: rows 0
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'features' AND relkind = 'f';

-- name: get_cancel_query_id
-- source: PostgresEngineSpec.get_cancel_query_id
-- expect: rows 1
SELECT pg_backend_pid();

-- name: cancel_query
-- source: PostgresEngineSpec.cancel_query (pitgate's sessions are not in pg_stat_activity:
--         Superset's cancel finds nothing to terminate; a client cancels with a CancelRequest)
-- expect: rows 0
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid='12345';
