package dialects

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// BigQuery is the dialect of BigQuery (GoogleSQL). A table name of one part
// becomes Project.Dataset.table, of two parts (schema.table, as a registry
// source or a query writes it) Project.schema.table; three parts are taken
// as project.dataset.table. An empty Project (or Dataset) is left out, so
// the job's default project (dataset) applies. Each part is quoted with
// backticks on its own, which BigQuery reads as the same path.
//
// What keeps PostgreSQL's meaning: % is MOD (which raises on a zero
// divisor, as / does); NULL ordering is spelled out; QUALIFY gets a WHERE
// TRUE where the block has no WHERE, GROUP BY or HAVING (BigQuery requires
// one); VALUES becomes a UNION ALL of SELECTs (BigQuery has no VALUES in
// FROM; the branches' types unify as VALUES rows do). Refused with 0A000:
// / (the printer does not know the operand types, and BigQuery's INT64 /
// INT64 is FLOAT64 where PostgreSQL truncates: use div(a, b) or a float
// operand's cast), aggregate FILTER, DISTINCT ON, and functions and
// operators it has no equal of. BigQuery compares STRING byte-wise (no
// collation unless one is set on the column), so OrderKey is the identity.
type BigQuery struct {
	Project, Dataset string
	// ArrayAgg lowers ASOF joins with ARRAY_AGG(... ORDER BY ... LIMIT 1)
	// per left row (bigquery_arrayagg.go) instead of the window strategy.
	ArrayAgg bool
}

func (BigQuery) Name() string            { return "bigquery" }
func (BigQuery) HasQualify() bool        { return true }
func (BigQuery) QualifyNeedsWhere() bool { return true }

// bqEscape writes s with GoogleSQL's escapes: the quote character and the
// backslash escaped, control characters as \xHH (a quoted literal or
// identifier may not hold a raw newline).
func bqEscape(s string, quote byte) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (BigQuery) QuoteIdent(name string) string { return "`" + bqEscape(name, '`') + "`" }

// Bytes is FROM_HEX, which gives BYTES.
func (BigQuery) Bytes(b []byte) string { return "FROM_HEX('" + hex.EncodeToString(b) + "')" }

func (BigQuery) String(s string) string { return "'" + bqEscape(s, '\'') + "'" }

func (d BigQuery) TableName(parts []string) string {
	var path []string
	switch len(parts) {
	case 1:
		path = []string{d.Project, d.Dataset, parts[0]}
	case 2:
		path = []string{d.Project, parts[0], parts[1]}
	default:
		path = parts
	}
	var quoted []string
	for _, p := range path {
		if p != "" {
			quoted = append(quoted, d.QuoteIdent(p))
		}
	}
	return strings.Join(quoted, ".")
}

var bqTypes = map[string]string{
	"bool": "BOOL", "int2": "INT64", "int4": "INT64", "int8": "INT64", "float4": "FLOAT64",
	"float8": "FLOAT64", "text": "STRING", "varchar": "STRING", "bpchar": "STRING", "name": "STRING",
	"bytea": "BYTES", "date": "DATE", "time": "TIME", "timestamp": "DATETIME",
	"timestamptz": "TIMESTAMP", "json": "JSON", "jsonb": "JSON", "interval": "INTERVAL",
}

func (d BigQuery) TypeName(t plan.Type) (string, error) {
	base, mods, array := splitType(t)
	base = canonical(base)
	name, ok := bqTypes[base]
	if base == "numeric" {
		// NUMERIC holds 38 digits, 9 after the point; BIGNUMERIC 76, 38 after.
		name, ok = "BIGNUMERIC", true
		if mods != "" {
			name = "BIGNUMERIC(" + mods + ")"
		}
	} else if mods != "" && base != "varchar" && base != "bpchar" {
		ok = false // precision of times and the like: no equal
	}
	if !ok {
		return "", unsupportedType(d, t)
	}
	if array {
		name = "ARRAY<" + name + ">"
	}
	return name, nil
}

func (d BigQuery) Cast(x string, t plan.Type) (string, error) {
	base, _, array := splitType(t)
	if (base == "json" || base == "jsonb") && !array {
		return "PARSE_JSON(" + x + ")", nil // CAST(STRING AS JSON) does not exist
	}
	if base == "interval" && !array {
		n, unit, err := intervalLiteral(d, x)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("INTERVAL %d %s", n, unit), nil
	}
	if canonical(base) == "timestamptz" && !array && strings.HasPrefix(x, "'") {
		// A literal without an offset is read in pitgate's session zone,
		// UTC; BigQuery's default is UTC too, but the emulator's is not.
		return "TIMESTAMP(" + x + ", 'UTC')", nil
	}
	name, err := d.TypeName(t)
	if err != nil {
		return "", err
	}
	return "CAST(" + x + " AS " + name + ")", nil
}

// MinusDuration subtracts whole seconds, or microseconds below a second:
// TIMESTAMP arithmetic in fixed units, never calendar ones.
func (BigQuery) MinusDuration(ts string, dur time.Duration) string {
	if secs, whole := durationSeconds(dur); whole {
		return fmt.Sprintf("TIMESTAMP_SUB(%s, INTERVAL %d SECOND)", ts, secs)
	}
	return fmt.Sprintf("TIMESTAMP_SUB(%s, INTERVAL %s MICROSECOND)", ts, fmtMicros(dur))
}

// bqFuncs are the PostgreSQL functions BigQuery has with the same meaning,
// under their BigQuery names; any other function is refused.
var bqFuncs = map[string]string{
	"count": "COUNT", "min": "MIN", "max": "MAX", "avg": "AVG", "sum": "SUM", "coalesce": "COALESCE",
	"nullif": "NULLIF", "abs": "ABS", "ceil": "CEIL", "ceiling": "CEIL", "floor": "FLOOR",
	"lower": "LOWER", "upper": "UPPER", "length": "LENGTH", "char_length": "CHAR_LENGTH",
	"character_length": "CHAR_LENGTH", "btrim": "TRIM", "ltrim": "LTRIM", "rtrim": "RTRIM",
	"bool_and": "LOGICAL_AND", "bool_or": "LOGICAL_OR", "div": "DIV", "mod": "MOD",
	"row_number": "ROW_NUMBER", "rank": "RANK", "dense_rank": "DENSE_RANK", "lag": "LAG",
	"lead": "LEAD", "first_value": "FIRST_VALUE", "last_value": "LAST_VALUE",
	"now": "CURRENT_TIMESTAMP", "starts_with": "STARTS_WITH",
}

func (d BigQuery) Func(name string, args []string) (string, error) {
	switch name {
	case "date_trunc":
		return d.dateTrunc(args)
	case "now":
		if len(args) == 0 {
			return "CURRENT_TIMESTAMP()", nil
		}
	}
	if s, ok := d.bqMoreFunc(name, args); ok {
		return s, nil
	}
	n, ok := bqFuncs[name]
	if !ok {
		return "", unsupportedFunc(d, name)
	}
	return n + "(" + strings.Join(args, ", ") + ")", nil
}

// bqTruncParts are the date_trunc fields BigQuery has as TIMESTAMP_TRUNC
// parts (truncated in UTC, as pitgate's sessions are).
var bqTruncParts = map[string]string{
	"'microseconds'": "MICROSECOND", "'milliseconds'": "MILLISECOND", "'second'": "SECOND",
	"'minute'": "MINUTE", "'hour'": "HOUR", "'day'": "DAY", "'month'": "MONTH",
	"'quarter'": "QUARTER", "'year'": "YEAR",
}

func (d BigQuery) dateTrunc(args []string) (string, error) {
	if len(args) == 2 {
		if part, ok := bqTruncParts[strings.ToLower(args[0])]; ok {
			return "TIMESTAMP_TRUNC(" + args[1] + ", " + part + ")", nil
		}
	}
	return "", sqlerr.New(sqlerr.FeatureNotSupported, "date_trunc is supported by the %s dialect only with a constant field and a timestamp", d.Name()).
		WithHint("write date_trunc('day', ts) with one of: %s", "microseconds, milliseconds, second, minute, hour, day, month, quarter, year")
}

var bqSpecial = map[string]string{
	"CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP()", "CURRENT_DATE": "CURRENT_DATE('UTC')",
	"LOCALTIMESTAMP": "CURRENT_DATETIME('UTC')", "CURRENT_USER": "SESSION_USER()",
	"SESSION_USER": "SESSION_USER()", "USER": "SESSION_USER()",
}

func (d BigQuery) Special(name string) (string, error) {
	if s, ok := bqSpecial[name]; ok {
		return s, nil
	}
	return "", unsupportedFunc(d, name)
}

// BinaryOp prints % as MOD, which raises on a zero divisor as PostgreSQL does.
func (BigQuery) BinaryOp(op, l, r string) (string, bool) {
	if op == "%" {
		return "MOD(" + l + ", " + r + ")", true
	}
	return "", false
}

// OrderKey is the identity: STRING compares byte-wise (by UTF-8 bytes)
// unless a collation is set, and pitgate sets none.
func (BigQuery) OrderKey(sql string, _ plan.Type) string { return sql }

// bqOps are the operators printed as they are; the rest have another
// meaning or no spelling in BigQuery.
var bqOps = map[string]bool{
	"+": true, "-": true, "*": true, "%": true, "=": true, "<>": true, "<": true, "<=": true, ">": true,
	">=": true, "||": true, "AND": true, "OR": true, "NOT": true, "LIKE": true, "NOT LIKE": true,
	"IS DISTINCT FROM": true, "IS NOT DISTINCT FROM": true,
}

// bqConstructs are the constructs BigQuery prints as PostgreSQL does.
var bqConstructs = map[string]bool{"ARRAY(subquery)": true}

func (d BigQuery) Refuse(construct string) error {
	if bqConstructs[construct] {
		return nil
	}
	return refuseOps(d, bqOps, construct)
}

func (d BigQuery) ValuesBody(rows [][]string, names []string) string { return unionValues(rows, names) }

// unionValues is VALUES as SELECT ... UNION ALL SELECT ...: each column's
// type is the common type of its values, as in VALUES.
func unionValues(rows [][]string, names []string) string {
	sels := make([]string, len(rows))
	for i, row := range rows {
		items := make([]string, len(row))
		for j, v := range row {
			items[j] = v + " AS " + names[j]
		}
		sels[i] = "SELECT " + strings.Join(items, ", ")
	}
	return strings.Join(sels, " UNION ALL ")
}

// refuseOps refuses an operator not in ops and every other construct
// asked about: aggregate FILTER, DISTINCT ON, ROW(...), arrays (literals,
// 1-based subscripts, ANY/ALL over them), ANY/ALL subqueries, unless the
// caller allowed it first.
func refuseOps(d Dialect, ops map[string]bool, construct string) error {
	op, isOp := strings.CutPrefix(construct, "operator ")
	if isOp && ops[op] {
		return nil
	}
	e := sqlerr.New(sqlerr.FeatureNotSupported, "%s is not supported by the %s dialect", construct, d.Name())
	switch {
	case op == "/":
		return e.WithHint("the operand types decide whether PostgreSQL's / truncates; write div(a, b) for integer division")
	case construct == "FILTER (WHERE ...)":
		return e.WithHint("write the condition into the argument: count(CASE WHEN cond THEN x END)")
	}
	return e
}
