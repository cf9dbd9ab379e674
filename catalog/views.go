package catalog

// sessionViews and derivedViews are the catalog relations whose rows depend on the session
// (its user, settings and search_path) or are derived from other catalog
// tables; they are DuckDB views over pgcat. Their columns are PostgreSQL 15's,
// in its order (TestRelationsHaveSpecColumns checks). Every other relation
// is a table filled at build time, most of them empty.
var sessionViews = []engineViewDef{
	{"pg_catalog.pg_roles", `
		SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
		       rolconnlimit, CASE WHEN rolpassword IS NOT NULL THEN '********' END AS rolpassword,
		       rolvaliduntil, rolbypassrls, CAST(NULL AS VARCHAR[]) AS rolconfig, oid
		FROM pgcat.pg_authid
		UNION ALL
		SELECT getvariable('pitgate_user'), false, true, false, false, true, false, -1, NULL,
		       CAST(NULL AS TIMESTAMPTZ), false, CAST(NULL AS VARCHAR[]), getvariable('pitgate_user_oid')
		WHERE getvariable('pitgate_user') IS NOT NULL
		  AND getvariable('pitgate_user') NOT IN (SELECT rolname FROM pgcat.pg_authid)`},
	{"pg_catalog.pg_user", `
		SELECT rolname AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, rolsuper AS usesuper,
		       rolreplication AS userepl, rolbypassrls AS usebypassrls, '********' AS passwd,
		       rolvaliduntil AS valuntil, rolconfig AS useconfig
		FROM pgcat.pg_roles WHERE rolcanlogin`},
	{"pg_catalog.pg_settings", `
		SELECT s.name, getvariable('pitgate_settings')[lower(s.name)] AS setting, CAST(NULL AS VARCHAR) AS unit,
		       'pitgate' AS category, CAST(NULL AS VARCHAR) AS short_desc, CAST(NULL AS VARCHAR) AS extra_desc,
		       'user' AS context, 'string' AS vartype, 'session' AS source, CAST(NULL AS VARCHAR) AS min_val,
		       CAST(NULL AS VARCHAR) AS max_val, CAST(NULL AS VARCHAR[]) AS enumvals, CAST(NULL AS VARCHAR) AS boot_val,
		       CAST(NULL AS VARCHAR) AS reset_val, CAST(NULL AS VARCHAR) AS sourcefile, CAST(NULL AS INTEGER) AS sourceline,
		       false AS pending_restart
		FROM (SELECT unnest(getvariable('pitgate_setting_names')) AS name) s`},
	cursorsView,
}

// derivedViews call macros: they are created after them.
var derivedViews = []engineViewDef{
	{"pg_catalog.pg_tables", `
		SELECT n.nspname AS schemaname, c.relname AS tablename, pgcat.pg_get_userbyid(c.relowner) AS tableowner,
		       CAST(NULL AS VARCHAR) AS tablespace, c.relhasindex AS hasindexes, c.relhasrules AS hasrules,
		       c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity
		FROM pgcat.pg_class c JOIN pgcat.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p')`},
	{"pg_catalog.pg_views", `
		SELECT n.nspname AS schemaname, c.relname AS viewname, pgcat.pg_get_userbyid(c.relowner) AS viewowner,
		       pgcat.pg_get_viewdef(c.oid) AS definition
		FROM pgcat.pg_class c JOIN pgcat.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'v'`},
}

// engineView is the defining query of a catalog relation that is a view in
// the engine, or "".
func engineView(key string) string {
	for _, v := range append(sessionViews[:len(sessionViews):len(sessionViews)], derivedViews...) {
		if v.key == key {
			return v.sql
		}
	}
	return ""
}

// engineViewDef is a catalog relation defined as a view, in creation order.
type engineViewDef struct{ key, sql string }
