-- psqlODBC's catalog queries (github.com/postgresql-interfaces/psqlodbc at bc439e8, info.c
-- and connection.c). Each was captured from psqlODBC 13.02 (Debian's odbc-postgresql,
-- driver "PostgreSQL Unicode") with CommLog=1 while e2e's TestODBC drove pitgate through
-- pyodbc, except those marked "assembled", built from the source as psqlODBC builds them
-- for server version 15 (pyodbc cannot call SQLTablePrivileges or SQLColumnPrivileges).
-- psqlODBC puts names into the SQL text itself, so these queries have no parameters.
-- SQLTables for all catalogs (select NULL, NULL, NULL) and for the table types (a union of
-- literals) read no catalog: the warehouse answers them, and TestODBC runs them.

-- name: connection: large object type
-- source: connection.c CC_connect (line 2662): the OID of type lo, asked once per connection, captured
-- expect: rows 0
select oid, typbasetype from pg_type where typname = 'lo';

-- name: connection: current_schema()
-- source: connection.c CC_get_current_schema (line 2727)
-- expect: row features
-- expect: rows 1
select current_schema();

-- name: SQLTables(NULL, NULL, NULL, 'TABLE')
-- source: info.c PGAPI_Tables (line 1931): every relation, filtered by type in the driver, captured
-- expect: row driver_hourly_stats|features|v
-- expect: row driver_hourly_stats|online|v
-- expect: row driver_activity|features|v
-- expect: row driver_stats|public|r
-- expect: row customer_stats|public|r
-- expect: rows 10
select relname, nspname, relkind from pg_catalog.pg_class c, pg_catalog.pg_namespace n where relkind in ('r', 'v', 'm', 'f', 'p') and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') and n.oid = relnamespace order by nspname, relname;

-- name: SQLTables(NULL, 'features', NULL, NULL)
-- source: info.c PGAPI_Tables (line 1931) with a schema pattern, captured
-- expect: row customer_profile|features|v
-- expect: row driver_activity|features|v
-- expect: row driver_hourly_stats|features|v
-- expect: rows 4
select relname, nspname, relkind from pg_catalog.pg_class c, pg_catalog.pg_namespace n where relkind in ('r', 'v', 'm', 'f', 'p') and nspname like 'features' and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') and n.oid = relnamespace order by nspname, relname;

-- name: SQLTables('', '%', '') schemas
-- source: info.c PGAPI_Tables (line 1921): SQL_ALL_SCHEMAS, captured
-- expect: row NULL|features|NULL
-- expect: row NULL|online|NULL
-- expect: row NULL|public|NULL
-- expect: rows 3
select NULL, nspname, NULL from pg_catalog.pg_namespace n where true and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') order by nspname;

-- name: SQLColumns(NULL, 'features', 'driver_hourly_stats', NULL)
-- source: info.c PGAPI_Columns (line 2443), search patterns (like), captured
-- expect: rows 5
-- expect: row features|driver_hourly_stats|driver_id|20|int8|1|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
-- expect: row features|driver_hourly_stats|event_timestamp|1184|timestamptz|2|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
-- expect: row features|driver_hourly_stats|conv_rate|701|float8|3|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
-- expect: row features|driver_hourly_stats|avg_daily_trips|20|int8|5|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
select n.nspname, c.relname, a.attname, a.atttypid, t.typname, a.attnum, a.attlen, a.atttypmod, a.attnotnull, c.relhasrules, c.relkind, c.oid, pg_get_expr(d.adbin, d.adrelid), case t.typtype when 'd' then t.typbasetype else 0 end, t.typtypmod, 0, attidentity, c.relhassubclass from (((pg_catalog.pg_class c inner join pg_catalog.pg_namespace n on n.oid = c.relnamespace and c.relname like 'driver_hourly_stats' and n.nspname like 'features') inner join pg_catalog.pg_attribute a on (not a.attisdropped) and a.attnum > 0 and a.attrelid = c.oid) inner join pg_catalog.pg_type t on t.oid = a.atttypid) left outer join pg_attrdef d on a.atthasdef and d.adrelid = a.attrelid and d.adnum = a.attnum order by n.nspname, c.relname, attnum;

-- name: SQLColumns internal, exact names
-- source: info.c PGAPI_Columns (line 2443) as PGAPI_SpecialColumns and PGAPI_Statistics call it (=), captured
-- expect: rows 5
-- expect: row features|driver_hourly_stats|acc_rate|701|float8|4|8|-1|f|t|v|{{oid features.driver_hourly_stats}}|NULL|0|-1|0||f
select n.nspname, c.relname, a.attname, a.atttypid, t.typname, a.attnum, a.attlen, a.atttypmod, a.attnotnull, c.relhasrules, c.relkind, c.oid, pg_get_expr(d.adbin, d.adrelid), case t.typtype when 'd' then t.typbasetype else 0 end, t.typtypmod, 0, attidentity, c.relhassubclass from (((pg_catalog.pg_class c inner join pg_catalog.pg_namespace n on n.oid = c.relnamespace and c.relname = 'driver_hourly_stats' and n.nspname = 'features') inner join pg_catalog.pg_attribute a on (not a.attisdropped) and a.attnum > 0 and a.attrelid = c.oid) inner join pg_catalog.pg_type t on t.oid = a.atttypid) left outer join pg_attrdef d on a.atthasdef and d.adrelid = a.attrelid and d.adnum = a.attnum order by n.nspname, c.relname, attnum;

-- name: SQLPrimaryKeys(NULL, 'features', 'driver_hourly_stats')
-- source: info.c PGAPI_PrimaryKeys (line 4036): the table's primary key index, captured
-- expect: rows 0
select ta.attname, ia.attnum, ic.relname, n.nspname, tc.relname from pg_catalog.pg_attribute ta, pg_catalog.pg_attribute ia, pg_catalog.pg_class tc, pg_catalog.pg_index i, pg_catalog.pg_namespace n, pg_catalog.pg_class ic where tc.relname = 'driver_hourly_stats' AND n.nspname = 'features' AND tc.oid = i.indrelid AND n.oid = tc.relnamespace AND i.indisprimary = 't' AND ia.attrelid = i.indexrelid AND ta.attrelid = i.indrelid AND ta.attnum = i.indkey[ia.attnum-1] AND (NOT ta.attisdropped) AND (NOT ia.attisdropped) AND ic.oid = i.indexrelid order by ia.attnum;

-- name: SQLPrimaryKeys by the index name
-- source: info.c PGAPI_PrimaryKeys (line 4070): the second try, by the <table>_pkey index, captured
-- expect: rows 0
select ta.attname, ia.attnum, ic.relname, n.nspname, NULL from pg_catalog.pg_attribute ta, pg_catalog.pg_attribute ia, pg_catalog.pg_class ic, pg_catalog.pg_index i, pg_catalog.pg_namespace n where ic.relname = 'driver_hourly_stats_pkey' AND n.nspname = 'features' AND ic.oid = i.indexrelid AND n.oid = ic.relnamespace AND ia.attrelid = i.indexrelid AND ta.attrelid = i.indrelid AND ta.attnum = i.indkey[ia.attnum-1] AND (NOT ta.attisdropped) AND (NOT ia.attisdropped) order by ia.attnum;

-- name: SQLStatistics(NULL, 'features', 'driver_hourly_stats')
-- source: info.c PGAPI_Statistics (line 3477): the table's indexes, captured
-- expect: rows 0
select c.relname, i.indkey, i.indisunique, i.indisclustered, a.amname, c.relhasrules, n.nspname, c.oid, 0, i.indoption from pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class d, pg_catalog.pg_am a, pg_catalog.pg_namespace n where d.relname = 'driver_hourly_stats' and n.nspname = 'features' and n.oid = d.relnamespace and d.oid = i.indrelid and i.indexrelid = c.oid and c.relam = a.oid order by i.indisprimary desc, i.indisunique, n.nspname, c.relname;

-- name: SQLForeignKeys(PK table features.driver_hourly_stats)
-- source: info.c PGAPI_ForeignKeys_new (line 6069): keys referencing the table, captured
-- expect: rows 0
-- expect: column PKTABLE_NAME
select	'pitgate'::name as "PKTABLE_CAT",
	n2.nspname as "PKTABLE_SCHEM",
	c2.relname as "PKTABLE_NAME",
	a2.attname as "PKCOLUMN_NAME",
	'pitgate'::name as "FKTABLE_CAT",
	n1.nspname as "FKTABLE_SCHEM",
	c1.relname as "FKTABLE_NAME",
	a1.attname as "FKCOLUMN_NAME",
	i::int2 as "KEY_SEQ",
	case ref.confupdtype
		when 'c' then 0::int2
		when 'n' then 2::int2
		when 'd' then 4::int2
		when 'r' then 1::int2
		else 3::int2
	end as "UPDATE_RULE",
	case ref.confdeltype
		when 'c' then 0::int2
		when 'n' then 2::int2
		when 'd' then 4::int2
		when 'r' then 1::int2
		else 3::int2
	end as "DELETE_RULE",
	ref.conname as "FK_NAME",
	cn.conname as "PK_NAME",
	case
		when ref.condeferrable then
			case
			when ref.condeferred then 5::int2
			else 6::int2
			end
		else 7::int2
	end as "DEFERRABILITY"
 from
 ((((((( (select cn.oid, conrelid, conkey, confrelid, confkey,
	 generate_series(array_lower(conkey, 1), array_upper(conkey, 1)) as i,
	 confupdtype, confdeltype, conname,
	 condeferrable, condeferred
  from pg_catalog.pg_constraint cn,
	pg_catalog.pg_class c,
	pg_catalog.pg_namespace n
  where contype = 'f' 
   and  confrelid = c.oid
   and  relname = 'driver_hourly_stats'
   and  n.oid = c.relnamespace
   and  n.nspname = 'features'
 ) ref
 inner join pg_catalog.pg_class c1
  on c1.oid = ref.conrelid)
 inner join pg_catalog.pg_namespace n1
  on  n1.oid = c1.relnamespace)
 inner join pg_catalog.pg_attribute a1
  on  a1.attrelid = c1.oid
  and  a1.attnum = conkey[i])
 inner join pg_catalog.pg_class c2
  on  c2.oid = ref.confrelid)
 inner join pg_catalog.pg_namespace n2
  on  n2.oid = c2.relnamespace)
 inner join pg_catalog.pg_attribute a2
  on  a2.attrelid = c2.oid
  and  a2.attnum = confkey[i])
 left outer join pg_catalog.pg_constraint cn
  on cn.conrelid = ref.confrelid
  and cn.contype = 'p')
  order by ref.oid, ref.i;

-- name: SQLForeignKeys(FK table features.driver_hourly_stats)
-- source: info.c PGAPI_ForeignKeys_new (line 6069): keys of the table, captured
-- expect: rows 0
-- expect: column KEY_SEQ
select	'pitgate'::name as "PKTABLE_CAT",
	n2.nspname as "PKTABLE_SCHEM",
	c2.relname as "PKTABLE_NAME",
	a2.attname as "PKCOLUMN_NAME",
	'pitgate'::name as "FKTABLE_CAT",
	n1.nspname as "FKTABLE_SCHEM",
	c1.relname as "FKTABLE_NAME",
	a1.attname as "FKCOLUMN_NAME",
	i::int2 as "KEY_SEQ",
	case ref.confupdtype
		when 'c' then 0::int2
		when 'n' then 2::int2
		when 'd' then 4::int2
		when 'r' then 1::int2
		else 3::int2
	end as "UPDATE_RULE",
	case ref.confdeltype
		when 'c' then 0::int2
		when 'n' then 2::int2
		when 'd' then 4::int2
		when 'r' then 1::int2
		else 3::int2
	end as "DELETE_RULE",
	ref.conname as "FK_NAME",
	cn.conname as "PK_NAME",
	case
		when ref.condeferrable then
			case
			when ref.condeferred then 5::int2
			else 6::int2
			end
		else 7::int2
	end as "DEFERRABILITY"
 from
 ((((((( (select cn.oid, conrelid, conkey, confrelid, confkey,
	 generate_series(array_lower(conkey, 1), array_upper(conkey, 1)) as i,
	 confupdtype, confdeltype, conname,
	 condeferrable, condeferred
  from pg_catalog.pg_constraint cn,
	pg_catalog.pg_class c,
	pg_catalog.pg_namespace n
  where contype = 'f' 
   and  conrelid = c.oid
   and  relname = 'driver_hourly_stats'
   and  n.oid = c.relnamespace
   and  n.nspname = 'features'
 ) ref
 inner join pg_catalog.pg_class c1
  on c1.oid = ref.conrelid)
 inner join pg_catalog.pg_namespace n1
  on  n1.oid = c1.relnamespace)
 inner join pg_catalog.pg_attribute a1
  on  a1.attrelid = c1.oid
  and  a1.attnum = conkey[i])
 inner join pg_catalog.pg_class c2
  on  c2.oid = ref.confrelid)
 inner join pg_catalog.pg_namespace n2
  on  n2.oid = c2.relnamespace)
 inner join pg_catalog.pg_attribute a2
  on  a2.attrelid = c2.oid
  and  a2.attnum = confkey[i])
 left outer join pg_catalog.pg_constraint cn
  on cn.conrelid = ref.confrelid
  and cn.contype = 'p')
  order by ref.oid, ref.i;

-- name: SQLSpecialColumns(SQL_BEST_ROWID, 'features', 'driver_hourly_stats')
-- source: info.c PGAPI_SpecialColumns (line 3039): is it a view, has it OIDs, captured
-- expect: row t|v|0
-- expect: rows 1
select c.relhasrules, c.relkind, 0 as relhasoids from pg_catalog.pg_namespace u, pg_catalog.pg_class c where u.oid = c.relnamespace and c.relname = 'driver_hourly_stats' and u.nspname = 'features';

-- name: SQLProcedures(NULL, 'pg_catalog', 'version')
-- source: info.c PGAPI_Procedures (line 5583), captured
-- expect: row |pg_catalog|version|||||2
-- expect: rows 1
select ''::varchar as PROCEDURE_CAT, nspname as PROCEDURE_SCHEM, proname as PROCEDURE_NAME, ''::varchar as NUM_INPUT_PARAMS, ''::varchar as NUM_OUTPUT_PARAMS, ''::varchar as NUM_RESULT_SETS, ''::varchar as REMARKS, case when prorettype = 0 then 1::int2 else 2::int2 end as PROCEDURE_TYPE from pg_catalog.pg_namespace, pg_catalog.pg_proc where pg_proc.pronamespace = pg_namespace.oid and nspname like 'pg_catalog' and proname like 'version';

-- name: SQLProcedureColumns(NULL, 'pg_catalog', 'version', NULL)
-- source: info.c PGAPI_ProcedureColumns (line 5185), with PRORET_COUNT, captured
-- expect: row version|f|25|0|{}|pg_catalog|89|NULL|NULL|NULL|NULL|NULL
-- expect: rows 1
select proname, proretset, prorettype, pronargs, proargtypes, nspname, p.oid, atttypid, attname, proargnames, proargmodes, proallargtypes from ((pg_catalog.pg_namespace n inner join pg_catalog.pg_proc p on p.pronamespace = n.oid) inner join pg_type t on t.oid = p.prorettype) left outer join pg_attribute a on a.attrelid = t.typrelid  and attnum > 0 and not attisdropped where has_function_privilege(p.oid, 'EXECUTE') and nspname like 'pg_catalog' and proname like 'version' order by nspname, proname, p.oid, attnum;

-- note: no row, as in PostgreSQL: the view's owner (its registry owner, ml-team@example.com) is a
-- role that cannot log in, and pg_user lists only those that can.
-- name: SQLTablePrivileges(NULL, 'features', 'driver_hourly_stats')
-- source: info.c PGAPI_TablePrivileges (line 5772), assembled from the source for server version 15
-- expect: rows 0
select relname, usename, relacl, nspname from pg_catalog.pg_namespace, pg_catalog.pg_class , pg_catalog.pg_user where nspname = 'features' and relname = 'driver_hourly_stats' and pg_namespace.oid operator(pg_catalog.=) relnamespace and relkind in ('r', 'v', 'm', 'f', 'p') and pg_user.usesysid operator(pg_catalog.=) relowner;

-- name: SQLTablePrivileges(NULL, 'features', 'driver_activity')
-- source: info.c PGAPI_TablePrivileges (line 5772), assembled from the source for server version 15
-- expect: row driver_activity|pitgate|NULL|features
-- expect: rows 1
select relname, usename, relacl, nspname from pg_catalog.pg_namespace, pg_catalog.pg_class , pg_catalog.pg_user where nspname = 'features' and relname = 'driver_activity' and pg_namespace.oid operator(pg_catalog.=) relnamespace and relkind in ('r', 'v', 'm', 'f', 'p') and pg_user.usesysid operator(pg_catalog.=) relowner;

-- name: SQLTablePrivileges users
-- source: info.c PGAPI_TablePrivileges (line 5811), assembled from the source
-- expect: row pitgate|10|f
select usename, usesysid, usesuper from pg_user;

-- note: pitgate's information_schema.column_privileges is empty (no GRANTs exist); PostgreSQL
-- would list the owner's implicit privileges to the owner (docs/catalog.md).
-- name: SQLColumnPrivileges(NULL, 'features', 'driver_hourly_stats', '%')
-- source: info.c PGAPI_ColumnPrivileges (line 3813), assembled from the source
-- expect: rows 0
select table_catalog as TABLE_CAT, table_schema as TABLE_SCHEM, table_name, column_name, grantor, grantee, privilege_type as PRIVILEGE, is_grantable from information_schema.column_privileges where true and table_schema = 'features' and table_name = 'driver_hourly_stats' and column_name like '%';
