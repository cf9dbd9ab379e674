package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// catalogFuncs are the functions package catalog answers, by name, with the
// engine schema of the macro: pgcat for pg_catalog's, pginfo for
// information_schema's. A call of one, qualified or not, is routed to the
// catalog engine and qualified there; any other pg_catalog.f loses its
// qualifier and is DuckDB's f.
var catalogFuncs = map[string]string{
	"version": "pgcat", "current_database": "pgcat", "current_schema": "pgcat", "current_schemas": "pgcat",
	"session_user": "pgcat", "current_user": "pgcat", "current_setting": "pgcat", "set_config": "pgcat",
	"pg_backend_pid": "pgcat", "pg_postmaster_start_time": "pgcat", "pg_conf_load_time": "pgcat",
	"inet_server_addr": "pgcat", "inet_server_port": "pgcat", "inet_client_addr": "pgcat",
	"inet_client_port": "pgcat", "pg_is_in_recovery": "pgcat", "txid_current": "pgcat",
	"pg_current_xact_id": "pgcat", "pg_cancel_backend": "pgcat", "pg_terminate_backend": "pgcat",
	"pg_my_temp_schema": "pgcat", "pg_is_other_temp_schema": "pgcat", "row_security_active": "pgcat",
	"pg_relation_is_publishable": "pgcat", "pg_get_userbyid": "pgcat", "pg_table_is_visible": "pgcat",
	"pg_type_is_visible": "pgcat", "pg_function_is_visible": "pgcat", "pg_collation_is_visible": "pgcat",
	"pg_conversion_is_visible": "pgcat", "pg_opclass_is_visible": "pgcat", "pg_operator_is_visible": "pgcat",
	"pg_opfamily_is_visible": "pgcat", "pg_statistics_obj_is_visible": "pgcat", "pg_ts_config_is_visible": "pgcat",
	"quote_ident": "pgcat", "pg_encoding_to_char": "pgcat", "pg_char_to_encoding": "pgcat",
	"format_type": "pgcat", "oidvectortypes": "pgcat", "to_regclass": "pgcat", "to_regtype": "pgcat",
	"to_regproc": "pgcat", "to_regnamespace": "pgcat", "obj_description": "pgcat", "col_description": "pgcat",
	"shobj_description": "pgcat", "pg_get_viewdef": "pgcat", "pg_get_expr": "pgcat", "pg_get_indexdef": "pgcat",
	"pg_get_constraintdef": "pgcat", "pg_get_triggerdef": "pgcat", "pg_get_ruledef": "pgcat",
	"pg_get_statisticsobjdef_columns": "pgcat", "pg_get_partkeydef": "pgcat", "pg_get_serial_sequence": "pgcat",
	"pg_get_functiondef": "pgcat", "pg_get_function_sqlbody": "pgcat", "pg_get_function_arguments": "pgcat",
	"pg_get_function_identity_arguments": "pgcat", "pg_get_function_result": "pgcat",
	"pg_tablespace_location": "pgcat", "has_table_privilege": "pgcat", "has_schema_privilege": "pgcat",
	"has_database_privilege": "pgcat", "has_function_privilege": "pgcat", "has_sequence_privilege": "pgcat",
	"has_any_column_privilege": "pgcat", "has_column_privilege": "pgcat", "pg_has_role": "pgcat",
	"pg_relation_size": "pgcat", "pg_total_relation_size": "pgcat", "pg_table_size": "pgcat",
	"pg_indexes_size": "pgcat", "pg_database_size": "pgcat", "pg_size_pretty": "pgcat",
	"array_to_string": "pgcat", "array_upper": "pgcat", "array_lower": "pgcat", "array_length": "pgcat",
	"pg_get_keywords": "pgcat", "_pg_expandarray": "pginfo", "parse_ident": "pgcat",
	"has_type_privilege": "pgcat", "getdatabaseencoding": "pgcat", "array_remove": "pgcat",
}

// regFuncs convert reg* values: *_in takes the parsed name of a literal,
// *_out an OID (catalog/macros.go).
var regFuncs = []string{"regclass_in", "regclass_in_text", "regclass_out", "regtype_in", "regtype_out", "regproc_out",
	"regnamespace_in", "regnamespace_out", "regrole_in", "regrole_out"}

// rewriteFuncs are the other macros the rewrite calls (catalog/macros.go).
var rewriteFuncs = []string{"array_eq_any"}

func catalogFunction(name []string) (schema string, ok bool) {
	switch len(name) {
	case 1:
		schema, ok = catalogFuncs[name[0]]
	case 2:
		if isCatalogSchema(name[0]) {
			schema, ok = catalogFuncs[name[1]]
		}
	}
	return schema, ok
}

// sqlValueFunctions are the SQL keywords that are catalog functions.
var sqlValueFunctions = map[pg.SQLValueFunctionOp]string{
	pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:    "current_user",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:    "current_user",
	pg.SQLValueFunctionOp_SVFOP_USER:            "current_user",
	pg.SQLValueFunctionOp_SVFOP_SESSION_USER:    "session_user",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG: "current_database",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:  "current_schema",
}

// regTypes are the OID alias types whose casts the rewrite turns into
// lookups; regoper and friends, which pitgate's catalog has no rows for,
// keep their text.
var regTypes = map[string]bool{
	"regclass": true, "regtype": true, "regproc": true, "regprocedure": true, "regnamespace": true,
	"regrole": true, "regoper": true, "regoperator": true, "regconfig": true, "regdictionary": true,
	"regcollation": true,
}

// regType names the reg* type tn is, or "".
func regType(tn *pg.TypeName) string {
	if tn == nil || len(tn.ArrayBounds) > 0 {
		return ""
	}
	name := qualifiedName(tn.Names)
	if len(name) == 0 || (len(name) == 2 && name[0] != "pg_catalog") {
		return ""
	}
	if last := name[len(name)-1]; regTypes[last] {
		return last
	}
	return ""
}

// engineTypes spell in DuckDB the PostgreSQL types it lacks, as the catalog
// engine stores them (catalog/types.go engineType); array says the engine
// type is an array of it.
var engineTypes = map[string]struct {
	name  string
	array bool
}{
	"name": {"varchar", false}, "char": {"varchar", false}, "pg_node_tree": {"varchar", false},
	"aclitem": {"varchar", false}, "inet": {"varchar", false}, "pg_lsn": {"varchar", false},
	"anyarray": {"varchar", false}, "xid": {"bigint", false}, "xid8": {"bigint", false},
	"cid": {"bigint", false}, "oid": {"bigint", false}, "int2vector": {"smallint", true},
	"oidvector": {"bigint", true}, "sql_identifier": {"varchar", false},
	"character_data": {"varchar", false}, "yes_or_no": {"varchar", false},
	"cardinal_number": {"integer", false}, "time_stamp": {"timestamptz", false},
}

// vectorColumns are the catalog's int2vector and oidvector columns: zero-
// based in PostgreSQL, one-based lists in the engine.
var vectorColumns = map[string]bool{
	"indkey": true, "indcollation": true, "indclass": true, "indoption": true, "proargtypes": true,
	"tgattr": true, "prattrs": true, "partattrs": true, "partclass": true, "partcollation": true, "stxkeys": true,
}

// parseQualifiedName splits a name as regclassin reads it: dot-separated
// identifiers, double quotes keeping case and dots, others folded to lower
// case.
func parseQualifiedName(s string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	quoted, inQuotes, started := false, false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case inQuotes && ch == '"' && i+1 < len(s) && s[i+1] == '"':
			cur.WriteByte('"')
			i++
		case ch == '"':
			inQuotes, quoted, started = !inQuotes, true, true
		case inQuotes:
			cur.WriteByte(ch)
		case ch == '.':
			if !started {
				return nil, invalidName(s)
			}
			parts = append(parts, cur.String())
			cur.Reset()
			quoted, started = false, false
		case ch == ' ' && !started:
		default:
			started = true
			if quoted {
				return nil, invalidName(s)
			}
			cur.WriteString(strings.ToLower(string(ch)))
		}
	}
	if inQuotes || !started {
		return nil, invalidName(s)
	}
	parts = append(parts, strings.TrimRight(cur.String(), " "))
	if len(parts) > 3 {
		return nil, invalidName(s)
	}
	return parts, nil
}

func invalidName(s string) error {
	return sqlerr.New(sqlerr.InvalidName, "invalid name syntax: %q", s)
}
