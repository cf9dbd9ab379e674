-- Tableau's PostgreSQL metadata queries. Tableau is closed source and sends no catalog SQL of
-- its own: its PostgreSQL connectors go through psqlODBC or pgjdbc. What it asks them for is
-- public in github.com/tableau/connector-plugin-sdk: samples/plugins/postgres_odbc
-- (connectionBuilder.js: BOOLSASCHAR=0, LFCONVERSION=0, UseDeclareFetch=1, Fetch=2048;
-- manifest.xml: the CAP_ODBC_* customizations named below), docs/capabilities.md (schema and
-- table enumeration, EnumerateTables) and docs/metadata-enumeration.md (a table's columns:
-- first SQLPrepare of SELECT * without executing it, then SELECT * ... WHERE 1=0, then
-- SQLColumns). Each query here is what psqlODBC 13.02 sent pitgate for the ODBC calls behind
-- those steps (SQLTables, SQLColumns) with that connection string, captured with CommLog=1
-- while e2e's TestODBC (mode "tableau") ran; they are psqlODBC's own (psqlodbc.sql has their
-- source lines). Through samples/plugins/postgres_jdbc Tableau uses pgjdbc's
-- DatabaseMetaData: pgjdbc.sql. The WHERE (1 = 0) query and the data, read through
-- DECLARE ... CURSOR WITH HOLD / FETCH 2048, are not catalog queries: TestODBC runs both.

-- name: Tableau connect: large object type
-- source: psqlODBC's CC_connect on every Tableau connection (connection.c line 2662), captured
-- expect: rows 0
select oid, typbasetype from pg_type where typname = 'lo';

-- name: Tableau EnumerateSchemas
-- source: Tableau's schema list: SQLTables(SQL_ALL_SCHEMAS), psqlODBC info.c PGAPI_Tables (line 1921), captured
-- expect: row NULL|features|NULL
-- expect: row NULL|online|NULL
-- expect: row NULL|public|NULL
-- expect: rows 3
select NULL, nspname, NULL from pg_catalog.pg_namespace n where true and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') order by nspname;

-- name: Tableau EnumerateTables in features
-- source: Tableau's table list for a schema: SQLTables, psqlODBC info.c PGAPI_Tables (line 1931); Tableau drops information_schema and pg_temp tables itself (CAP_ODBC_SUPPRESS_INFO_SCHEMA_TABLES, CAP_ODBC_SUPPRESS_PG_TEMP_SCHEMA_TABLES), captured
-- expect: row customer_profile|features|v
-- expect: row driver_activity|features|v
-- expect: row driver_hourly_stats|features|v
-- expect: rows 4
select relname, nspname, relkind from pg_catalog.pg_class c, pg_catalog.pg_namespace n where relkind in ('r', 'v', 'm', 'f', 'p') and nspname like 'features' and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') and n.oid = relnamespace order by nspname, relname;

-- name: Tableau column metadata of features.driver_hourly_stats
-- source: SQLColumns, psqlODBC info.c PGAPI_Columns (line 2443); Tableau skips SQLStatistics (CAP_ODBC_METADATA_SUPPRESS_SQLSTATISTICS_API), captured
-- expect: rows 5
-- expect: row features|driver_hourly_stats|driver_id|20|int8|1|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
-- expect: row features|driver_hourly_stats|event_timestamp|1184|timestamptz|2|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
-- expect: row features|driver_hourly_stats|conv_rate|701|float8|3|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
-- expect: row features|driver_hourly_stats|avg_daily_trips|20|int8|5|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
select n.nspname, c.relname, a.attname, a.atttypid, t.typname, a.attnum, a.attlen, a.atttypmod, a.attnotnull, c.relhasrules, c.relkind, c.oid, pg_get_expr(d.adbin, d.adrelid), case t.typtype when 'd' then t.typbasetype else 0 end, t.typtypmod, 0, attidentity, c.relhassubclass from (((pg_catalog.pg_class c inner join pg_catalog.pg_namespace n on n.oid = c.relnamespace and c.relname like 'driver_hourly_stats' and n.nspname like 'features') inner join pg_catalog.pg_attribute a on (not a.attisdropped) and a.attnum > 0 and a.attrelid = c.oid) inner join pg_catalog.pg_type t on t.oid = a.atttypid) left outer join pg_attrdef d on a.atthasdef and d.adrelid = a.attrelid and d.adnum = a.attnum order by n.nspname, c.relname, attnum;
