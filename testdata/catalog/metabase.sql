-- Metabase's PostgreSQL driver sync queries (github.com/metabase/metabase at 370249b5,
-- src/metabase/driver/postgres.clj: enum-types, current-user-table-privileges). Metabase
-- reads tables and columns through pgjdbc's DatabaseMetaData (see pgjdbc.sql); these are
-- the queries it writes itself.

-- name: enum-types
-- source: postgres.clj enum-types (called by describe-table)
-- expect: rows 0
SELECT nspname, typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid IN (SELECT DISTINCT enumtypid FROM pg_enum e);

-- name: current-user-table-privileges
-- source: postgres.clj sql-jdbc.sync/current-user-table-privileges
-- expect: row NULL|features|driver_hourly_stats|t|t|t|t
-- expect: row NULL|public|driver_stats|t|t|t|t
-- expect: row NULL|online|driver_activity|t|t|t|t
-- expect: rows 10
with table_privileges as (
 select
   NULL as role,
   t.schemaname as schema,
   t.objectname as table,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'update') as update,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'select') as select,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'insert') as insert,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'delete') as delete
 from (
   select schemaname, tablename as objectname from pg_catalog.pg_tables
   union
   select schemaname, viewname as objectname from pg_catalog.pg_views
   union
   select schemaname, matviewname as objectname from pg_catalog.pg_matviews
 ) t
 where t.schemaname !~ '^pg_'
   and t.schemaname <> 'information_schema'
   and pg_catalog.has_schema_privilege(current_user, t.schemaname, 'usage')
)
select t.*
from table_privileges t;
