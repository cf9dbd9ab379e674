-- DBeaver's PostgreSQL plugin navigator queries (github.com/dbeaver/dbeaver at 2428359b74,
-- plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/),
-- server version 15, default connection settings (no templates, no unavailable databases,
-- no object filters). DBeaver sets ? parameters with setLong / setString: here $n.

-- name: PostgreDataSource database list
-- source: PostgreDataSource.initializeRemoteInstance (catalogQuery), connection database pitgate
-- params: pitgate
-- expect: rows 1
-- expect: column datname
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE 1 = 1 AND datallowconn AND NOT datistemplate OR db.datname =$1
ORDER BY db.datname;

-- name: PostgreDatabase.SchemaCache
-- source: PostgreDatabase.SchemaCache.prepareLookupStatement, no filters
-- expect: contains features
-- expect: contains Feature views and feature services of the registry
-- expect: column nspname
SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND d.classoid='pg_namespace'::regclass
 ORDER BY nspname;

-- name: PostgreSchema.TableCache tables of features
-- source: PostgreSchema.TableCache.prepareLookupStatement (server >= 10), schema features
-- params: {{oid features}}
-- expect: rows 4
-- expect: contains Hourly driver performance statistics
-- expect: column relname
-- expect: column partition_key
SELECT c.oid,c.*,d.description,pg_catalog.pg_get_expr(c.relpartbound, c.oid) as partition_expr,  pg_catalog.pg_get_partkeydef(c.oid) as partition_key 
FROM pg_catalog.pg_class c
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_class'::regclass
WHERE c.relnamespace=$1 AND c.relkind not in ('i','I','c');

-- name: PostgreSchema.TableCache columns of a view
-- source: PostgreSchema.TableCache.prepareChildrenStatement (supportsSequences), one table
-- params: {{oid features.driver_hourly_stats}}
-- expect: rows 5
-- expect: contains Share of ride offers the driver accepted
-- expect: column attname
SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,dsc.description,dep.objid
FROM pg_catalog.pg_attribute a
INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)
LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)
LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
LEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND dep.deptype = 'i' and dep.refobjsubid = a.attnum and dep.classid = dep.refclassid
WHERE NOT a.attisdropped AND c.relkind not in ('i','I','c') AND c.oid=$1
ORDER BY a.attnum;

-- name: PostgreDataSource template databases
-- source: PostgreDataSource (datistemplate lookup)
-- expect: rows 0
SELECT db.datname FROM pg_catalog.pg_database db WHERE datistemplate;

-- name: PostgreDataSource database sizes
-- source: PostgreDataSource.collectDatabaseStatistics (one database: WHERE db.oid=?)
-- params: {{oid pitgate}}
-- expect: row pitgate|0
SELECT db.datname,pg_database_size(db.oid) FROM pg_catalog.pg_database db WHERE db.oid=$1;
