package catalog

import "strings"

// Session facts reach the macros through these DuckDB variables, set in the
// same statement batch as each query (see Catalog.Query).
const (
	varUser         = "pitgate_user"          // VARCHAR: the session's user
	varUserOID      = "pitgate_user_oid"      // BIGINT: its role OID
	varSettings     = "pitgate_settings"      // MAP(VARCHAR, VARCHAR): lower-case name -> value
	varSettingNames = "pitgate_setting_names" // VARCHAR[]: names as pg_settings shows them
	varPath         = "pitgate_path"          // VARCHAR[]: current_schemas(true)
	varExplicitPath = "pitgate_explicit_path" // VARCHAR[]: current_schemas(false)
	varPID          = "pitgate_pid"           // INTEGER: pg_backend_pid()
	varTempSchema   = "pitgate_temp_schema"   // BIGINT: pg_my_temp_schema(), 0 without temporary tables
	varVersion      = "pitgate_version"       // VARCHAR: version()
	varStart        = "pitgate_start"         // TIMESTAMPTZ: pg_postmaster_start_time()
)

// Macro parameters are named p_* and subquery aliases pgm_* so that neither
// captures a column or an alias of the query that calls the macro.
var macros = []string{
	// Session.
	`pgcat.version() AS getvariable('pitgate_version')`,
	`pgcat.current_database() AS 'pitgate'`,
	`pgcat.current_schema() AS getvariable('pitgate_explicit_path')[1]`,
	`pgcat.current_schemas(p_implicit) AS CASE WHEN p_implicit THEN getvariable('pitgate_path') ELSE getvariable('pitgate_explicit_path') END`,
	`pgcat.session_user() AS getvariable('pitgate_user')`,
	`pgcat.current_user() AS getvariable('pitgate_user')`,
	`pgcat.current_setting(p_name) AS coalesce(getvariable('pitgate_settings')[lower(p_name)],
		error('pitgate:42704:unrecognized configuration parameter "' || p_name || '"')),
	 (p_name, p_missing_ok) AS coalesce(getvariable('pitgate_settings')[lower(p_name)], CASE WHEN p_missing_ok THEN NULL
		ELSE error('pitgate:42704:unrecognized configuration parameter "' || p_name || '"') END)`,
	`pgcat.set_config(p_name, p_value, p_local) AS p_value`,
	`pgcat.pg_backend_pid() AS getvariable('pitgate_pid')`,
	`pgcat.pg_postmaster_start_time() AS getvariable('pitgate_start')`,
	`pgcat.pg_conf_load_time() AS getvariable('pitgate_start')`,
	`pgcat.inet_server_addr() AS CAST(NULL AS VARCHAR)`,
	`pgcat.inet_server_port() AS CAST(NULL AS INTEGER)`,
	`pgcat.inet_client_addr() AS CAST(NULL AS VARCHAR)`,
	`pgcat.inet_client_port() AS CAST(NULL AS INTEGER)`,
	`pgcat.pg_is_in_recovery() AS false`,
	`pgcat.txid_current() AS CAST(1 AS BIGINT)`,
	`pgcat.pg_current_xact_id() AS CAST(1 AS BIGINT)`,
	`pgcat.pg_cancel_backend(p_pid) AS false`,
	`pgcat.pg_terminate_backend(p_pid) AS false, (p_pid, p_timeout) AS false`,
	`pgcat.pg_my_temp_schema() AS CAST(getvariable('pitgate_temp_schema') AS BIGINT)`,
	`pgcat.pg_is_other_temp_schema(p_ns) AS false`,
	`pgcat.row_security_active(p_rel) AS false`,
	`pgcat.pg_relation_is_publishable(p_rel) AS false`,

	// Names and visibility.
	`pgcat.pg_get_userbyid(p_role) AS coalesce((SELECT pgm_r.rolname FROM pgcat.pg_roles pgm_r WHERE pgm_r.oid = p_role),
		'unknown (OID=' || p_role || ')')`,
	`pgcat.pg_table_is_visible(p_rel) AS p_rel IN (SELECT pgm_v.oid FROM pghelp.visible_relations pgm_v)`,
	`pgcat.pg_type_is_visible(p_type) AS p_type IN (SELECT pgm_t.oid FROM pgcat.pg_type pgm_t
		JOIN pgcat.pg_namespace pgm_n ON pgm_n.oid = pgm_t.typnamespace
		WHERE list_contains(getvariable('pitgate_path'), pgm_n.nspname))`,
	`pgcat.pg_function_is_visible(p_proc) AS p_proc IN (SELECT pgm_p.oid FROM pgcat.pg_proc pgm_p
		JOIN pgcat.pg_namespace pgm_n ON pgm_n.oid = pgm_p.pronamespace
		WHERE list_contains(getvariable('pitgate_path'), pgm_n.nspname))`,
	`pgcat.pg_collation_is_visible(p_oid) AS true`,
	`pgcat.pg_conversion_is_visible(p_oid) AS true`,
	`pgcat.pg_opclass_is_visible(p_oid) AS true`,
	`pgcat.pg_operator_is_visible(p_oid) AS true`,
	`pgcat.pg_opfamily_is_visible(p_oid) AS true`,
	`pgcat.pg_statistics_obj_is_visible(p_oid) AS true`,
	`pgcat.pg_ts_config_is_visible(p_oid) AS true`,
	`pgcat.quote_ident(p_s) AS CASE WHEN regexp_full_match(p_s, '[a-z_][a-z0-9_$]*')
		AND NOT EXISTS (SELECT 1 FROM pghelp.keywords pgm_k WHERE pgm_k.word = p_s AND pgm_k.catcode <> 'U')
		THEN p_s ELSE '"' || replace(p_s, '"', '""') || '"' END`,
	`pgcat.parse_ident(p_name) AS list_transform(string_split(p_name, '.'), pgm_x -> CASE
		WHEN starts_with(trim(pgm_x), '"') THEN replace(trim(pgm_x)[2:-2], '""', '"') ELSE lower(trim(pgm_x)) END),
	 (p_name, p_strict) AS list_transform(string_split(p_name, '.'), pgm_x -> CASE
		WHEN starts_with(trim(pgm_x), '"') THEN replace(trim(pgm_x)[2:-2], '""', '"') ELSE lower(trim(pgm_x)) END)`,
	`pgcat.pg_encoding_to_char(p_enc) AS CASE p_enc WHEN 6 THEN 'UTF8' WHEN 0 THEN 'SQL_ASCII' ELSE '' END`,
	`pgcat.pg_char_to_encoding(p_name) AS CASE upper(p_name) WHEN 'UTF8' THEN 6 WHEN 'SQL_ASCII' THEN 0 ELSE -1 END`,
	`pgcat.getdatabaseencoding() AS 'UTF8'`,

	// Types.
	`pgcat.format_type(p_type, p_mod) AS CASE WHEN p_type IS NULL THEN NULL WHEN p_type = 0 THEN '-' ELSE coalesce((
		SELECT CASE WHEN p_mod IS NULL THEN pgm_f.plain WHEN p_mod < 0 THEN pgm_f.given
		  WHEN pgm_f.modkind = 'numeric' AND p_mod >= 4 THEN pgm_f.modprefix || '(' || ((p_mod - 4) >> 16) || ','
		       || ((p_mod - 4) & 65535) || ')' || pgm_f.modsuffix
		  WHEN pgm_f.modkind = 'length' AND p_mod >= 4 THEN pgm_f.modprefix || '(' || (p_mod - 4) || ')' || pgm_f.modsuffix
		  WHEN pgm_f.modkind = 'precision' THEN pgm_f.modprefix || '(' || p_mod || ')' || pgm_f.modsuffix
		  ELSE pgm_f.plain END
		FROM pghelp.format pgm_f WHERE pgm_f.oid = p_type), '???') END`,
	`pgcat.oidvectortypes(p_vec) AS array_to_string(list_transform(p_vec, pgm_x -> pgcat.format_type(pgm_x, NULL)), ', ')`,

	// reg* input and output, which the planner's rewrite of ::regclass and
	// friends calls: a string literal becomes an OID, an OID its name.
	`pgcat.regclass_lookup(p_schema, p_name) AS (SELECT min(pgm_c.oid) FROM pgcat.pg_class pgm_c
		JOIN pgcat.pg_namespace pgm_n ON pgm_n.oid = pgm_c.relnamespace
		WHERE pgm_c.relname = p_name AND (pgm_n.nspname = p_schema
		   OR (p_schema = 'pg_temp' AND pgm_n.oid = pgcat.pg_my_temp_schema())
		   OR (p_schema = '' AND pgm_c.oid IN (SELECT pgm_v.oid FROM pghelp.visible_relations pgm_v))))`,
	`pgcat.regclass_in(p_schema, p_name) AS coalesce(pgcat.regclass_lookup(p_schema, p_name),
		error('pitgate:42P01:relation "' || CASE WHEN p_schema = '' THEN '' ELSE p_schema || '.' END || p_name || '" does not exist'))`,
	`pgcat.regclass_out(p_oid) AS CASE WHEN p_oid IS NULL THEN NULL ELSE coalesce((SELECT CASE
		WHEN pgm_c.oid IN (SELECT pgm_v.oid FROM pghelp.visible_relations pgm_v) THEN pgcat.quote_ident(pgm_c.relname)
		ELSE pgcat.quote_ident(pgm_n.nspname) || '.' || pgcat.quote_ident(pgm_c.relname) END
		FROM pgcat.pg_class pgm_c JOIN pgcat.pg_namespace pgm_n ON pgm_n.oid = pgm_c.relnamespace
		WHERE pgm_c.oid = p_oid), CAST(p_oid AS VARCHAR)) END`,
	`pgcat.to_regclass(p_text) AS pgcat.regclass_lookup(
		CASE WHEN contains(p_text, '.') THEN lower(split_part(p_text, '.', 1)) ELSE '' END,
		lower(CASE WHEN contains(p_text, '.') THEN split_part(p_text, '.', 2) ELSE p_text END))`,
	`pgcat.regclass_in_text(p_text) AS CASE WHEN p_text IS NULL THEN NULL ELSE coalesce(pgcat.to_regclass(p_text),
		error('pitgate:42P01:relation "' || p_text || '" does not exist')) END`,
	`pgcat.regtype_lookup(p_schema, p_name, p_array) AS (SELECT min(CASE WHEN p_array THEN pgm_t.typarray ELSE pgm_t.oid END)
		FROM pgcat.pg_type pgm_t JOIN pgcat.pg_namespace pgm_n ON pgm_n.oid = pgm_t.typnamespace
		WHERE pgm_t.typname = p_name AND (pgm_n.nspname = p_schema OR (p_schema = '' AND list_contains(getvariable('pitgate_path'), pgm_n.nspname))))`,
	`pgcat.regtype_in(p_schema, p_name, p_array) AS coalesce(pgcat.regtype_lookup(p_schema, p_name, p_array),
		error('pitgate:42704:type "' || p_name || '" does not exist'))`,
	`pgcat.regtype_out(p_oid) AS CASE WHEN p_oid IS NULL THEN NULL ELSE pgcat.format_type(p_oid, NULL) END`,
	`pgcat.to_regtype(p_text) AS coalesce(
		(SELECT min(pgm_f.oid) FROM pghelp.format pgm_f WHERE pgm_f.plain = lower(p_text)),
		pgcat.regtype_lookup('', lower(p_text), false))`,
	`pgcat.regproc_out(p_oid) AS CASE WHEN p_oid IS NULL THEN NULL ELSE coalesce(
		(SELECT min(pgm_p.proname) FROM pgcat.pg_proc pgm_p WHERE pgm_p.oid = p_oid), CAST(p_oid AS VARCHAR)) END`,
	`pgcat.to_regproc(p_text) AS (SELECT min(pgm_p.oid) FROM pgcat.pg_proc pgm_p WHERE pgm_p.proname = lower(p_text))`,
	`pgcat.regproc_in(p_name) AS coalesce(pgcat.to_regproc(p_name),
		error('pitgate:42883:function "' || p_name || '" does not exist'))`,
	`pgcat.regnamespace_in(p_name) AS coalesce((SELECT min(pgm_n.oid) FROM pgcat.pg_namespace pgm_n WHERE pgm_n.nspname = p_name),
		error('pitgate:3F000:schema "' || p_name || '" does not exist'))`,
	`pgcat.regnamespace_out(p_oid) AS CASE WHEN p_oid IS NULL THEN NULL ELSE coalesce(
		(SELECT min(pgm_n.nspname) FROM pgcat.pg_namespace pgm_n WHERE pgm_n.oid = p_oid), CAST(p_oid AS VARCHAR)) END`,
	`pgcat.to_regnamespace(p_text) AS (SELECT min(pgm_n.oid) FROM pgcat.pg_namespace pgm_n WHERE pgm_n.nspname = p_text)`,
	`pgcat.regrole_in(p_name) AS coalesce((SELECT min(pgm_r.oid) FROM pgcat.pg_roles pgm_r WHERE pgm_r.rolname = p_name),
		error('pitgate:42704:role "' || p_name || '" does not exist'))`,
	`pgcat.regrole_out(p_oid) AS CASE WHEN p_oid IS NULL THEN NULL ELSE pgcat.pg_get_userbyid(p_oid) END`,

	// Comments.
	`pgcat.obj_description(p_oid, p_catalog) AS (SELECT min(pgm_d.description) FROM pgcat.pg_description pgm_d
		WHERE pgm_d.objoid = p_oid AND pgm_d.objsubid = 0 AND pgm_d.classoid =
		  (SELECT min(pgm_c.oid) FROM pgcat.pg_class pgm_c WHERE pgm_c.relname = p_catalog AND pgm_c.relnamespace = 11)),
	 (p_oid) AS (SELECT min(pgm_d.description) FROM pgcat.pg_description pgm_d WHERE pgm_d.objoid = p_oid AND pgm_d.objsubid = 0)`,
	`pgcat.col_description(p_rel, p_col) AS (SELECT min(pgm_d.description) FROM pgcat.pg_description pgm_d
		WHERE pgm_d.objoid = p_rel AND pgm_d.classoid = 1259 AND pgm_d.objsubid = p_col)`,
	`pgcat.shobj_description(p_oid, p_catalog) AS (SELECT min(pgm_d.description) FROM pgcat.pg_shdescription pgm_d
		WHERE pgm_d.objoid = p_oid)`,

	// Definitions: only views have one; pitgate has no indexes, constraints,
	// triggers, rules or user functions.
	`pgcat.pg_get_viewdef(p_oid) AS (SELECT min(pgm_v.definition) FROM pghelp.viewdefs pgm_v WHERE pgm_v.oid = p_oid),
	 (p_oid, p_pretty) AS (SELECT min(pgm_v.definition) FROM pghelp.viewdefs pgm_v WHERE pgm_v.oid = p_oid)`,
	`pgcat.pg_get_expr(p_expr, p_rel) AS p_expr, (p_expr, p_rel, p_pretty) AS p_expr`,
	`pgcat.pg_get_indexdef(p_oid) AS CAST(NULL AS VARCHAR), (p_oid, p_col, p_pretty) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_constraintdef(p_oid) AS CAST(NULL AS VARCHAR), (p_oid, p_pretty) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_triggerdef(p_oid) AS CAST(NULL AS VARCHAR), (p_oid, p_pretty) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_ruledef(p_oid) AS CAST(NULL AS VARCHAR), (p_oid, p_pretty) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_statisticsobjdef_columns(p_oid) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_partkeydef(p_oid) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_serial_sequence(p_table, p_column) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_functiondef(p_oid) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_function_sqlbody(p_oid) AS CAST(NULL AS VARCHAR)`,
	`pgcat.pg_get_function_arguments(p_oid) AS (SELECT min(pgm_p.arguments) FROM pghelp.procs pgm_p WHERE pgm_p.oid = p_oid)`,
	`pgcat.pg_get_function_identity_arguments(p_oid) AS pgcat.pg_get_function_arguments(p_oid)`,
	`pgcat.pg_get_function_result(p_oid) AS (SELECT min(pgm_p.result) FROM pghelp.procs pgm_p WHERE pgm_p.oid = p_oid)`,
	`pgcat.pg_tablespace_location(p_oid) AS ''`,

	// Privileges: pitgate's catalog and relations are readable by every user.
	`pgcat.has_table_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_schema_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_database_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_function_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_sequence_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_any_column_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_column_privilege(p_a, p_b, p_c) AS true, (p_a, p_b, p_c, p_d) AS true`,
	`pgcat.pg_has_role(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,
	`pgcat.has_type_privilege(p_a, p_b) AS true, (p_a, p_b, p_c) AS true`,

	// Sizes: pitgate does not know the warehouse's storage.
	`pgcat.pg_relation_size(p_oid) AS CAST(0 AS BIGINT), (p_oid, p_fork) AS CAST(0 AS BIGINT)`,
	`pgcat.pg_total_relation_size(p_oid) AS CAST(0 AS BIGINT)`,
	`pgcat.pg_table_size(p_oid) AS CAST(0 AS BIGINT)`,
	`pgcat.pg_indexes_size(p_oid) AS CAST(0 AS BIGINT)`,
	`pgcat.pg_database_size(p_db) AS CAST(0 AS BIGINT)`,
	`pghelp.half_rounded(p_x) AS CAST(trunc((p_x + CASE WHEN p_x < 0 THEN -1 ELSE 1 END) / 2) AS BIGINT)`,
	`pgcat.pg_size_pretty(p_size) AS CASE
		WHEN abs(CAST(p_size AS BIGINT)) < 10240 THEN CAST(p_size AS BIGINT) || ' bytes'
		WHEN abs(CAST(p_size AS BIGINT) >> 9) < 20479 THEN pghelp.half_rounded(CAST(p_size AS BIGINT) >> 9) || ' kB'
		WHEN abs(CAST(p_size AS BIGINT) >> 19) < 20479 THEN pghelp.half_rounded(CAST(p_size AS BIGINT) >> 19) || ' MB'
		WHEN abs(CAST(p_size AS BIGINT) >> 29) < 20479 THEN pghelp.half_rounded(CAST(p_size AS BIGINT) >> 29) || ' GB'
		WHEN abs(CAST(p_size AS BIGINT) >> 39) < 20479 THEN pghelp.half_rounded(CAST(p_size AS BIGINT) >> 39) || ' TB'
		ELSE pghelp.half_rounded(CAST(p_size AS BIGINT) >> 49) || ' PB' END`,

	// Arrays, with PostgreSQL's NULL for an empty array's bounds.
	`pgcat.array_to_string(p_arr, p_sep) AS CASE WHEN p_arr IS NOT NULL THEN coalesce(list_aggr(list_filter(CAST(p_arr AS VARCHAR[]), pgm_x -> pgm_x IS NOT NULL), 'string_agg', p_sep), '') END,
	 (p_arr, p_sep, p_null) AS CASE WHEN p_arr IS NOT NULL THEN coalesce(list_aggr(list_transform(CAST(p_arr AS VARCHAR[]), pgm_x -> coalesce(pgm_x, p_null)), 'string_agg', p_sep), '') END`,
	// array_remove compares as IS NOT DISTINCT FROM: removing NULL removes the NULLs.
	`pgcat.array_remove(p_arr, p_x) AS list_filter(p_arr, pgm_x -> pgm_x IS DISTINCT FROM p_x)`,
	`pgcat.array_upper(p_arr, p_dim) AS CASE WHEN len(p_arr) = 0 OR p_dim <> 1 THEN NULL ELSE len(p_arr) END`,
	`pgcat.array_lower(p_arr, p_dim) AS CASE WHEN len(p_arr) = 0 OR p_dim <> 1 THEN NULL ELSE 1 END`,
	`pgcat.array_length(p_arr, p_dim) AS CASE WHEN len(p_arr) = 0 OR p_dim <> 1 THEN NULL ELSE len(p_arr) END`,
	// x = ANY(array) as PostgreSQL evaluates it (NULL for a NULL array, for
	// a NULL x unless the array is empty, and for no match when the array
	// holds a NULL). DuckDB reads x = ANY(list) as a subquery, which it
	// refuses in an outer join's ON (SQLAlchemy's get_indexes has one).
	`pgcat.array_eq_any(p_x, p_arr) AS CASE WHEN p_arr IS NULL THEN NULL WHEN len(p_arr) = 0 THEN false
		WHEN p_x IS NULL THEN NULL WHEN list_contains(p_arr, p_x) THEN true
		WHEN list_position(p_arr, NULL) IS NOT NULL THEN NULL ELSE false END`,
	`pginfo._pg_expandarray(p_arr) AS unnest(list_transform(range(1, len(p_arr) + 1), pgm_i -> {'x': p_arr[pgm_i], 'n': pgm_i}))`,
}

// tableMacros return rows.
var tableMacros = []string{
	`pgcat.pg_get_keywords() AS TABLE SELECT word, catcode, barelabel, catdesc, baredesc FROM pghelp.keywords`,
}

// helperViews are computed per query from the session's search_path.
var helperViews = []string{
	// A relation is visible when its schema is on the path and no schema
	// before it there has a relation of the same name.
	// A session's temporary table listed in features comes before a
	// feature view of its name there, as the binder resolves the name.
	`pghelp.visible_relations AS SELECT pgm_c.oid FROM pgcat.pg_class pgm_c
		JOIN pgcat.pg_namespace pgm_n ON pgm_n.oid = pgm_c.relnamespace
		WHERE list_position(getvariable('pitgate_path'), pgm_n.nspname) IS NOT NULL
		QUALIFY row_number() OVER (PARTITION BY pgm_c.relname ORDER BY list_position(getvariable('pitgate_path'), pgm_n.nspname),
		  pgm_c.relpersistence = 't' DESC) = 1`,
}

// macroSQL creates the helper views, then the macros (which read them).
func macroSQL() string {
	var b strings.Builder
	for _, v := range helperViews {
		b.WriteString("CREATE VIEW " + v + ";\n")
	}
	for _, m := range macros {
		b.WriteString("CREATE MACRO " + m + ";\n")
	}
	for _, m := range tableMacros {
		b.WriteString("CREATE MACRO " + m + ";\n")
	}
	return b.String()
}
