package dialects

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Snowflake is the dialect of Snowflake. Every identifier is double-quoted,
// and Snowflake folds unquoted names to upper case where PostgreSQL folds
// them to lower case, so a name PostgreSQL would have folded (lower-case
// letters, digits, _ and $, not starting with a digit: every registry name
// and every unquoted name in a query) is printed upper-cased: "DRIVER_STATS"
// is the table a Snowflake user created as driver_stats. Any other name
// (mixed case, spaces, quotes) was quoted by its author and is kept as it is.
//
// Strings are '…' with ' doubled and \ doubled (a single-quoted Snowflake
// literal reads backslash escapes). % by zero raises through the
// documented division error; / is refused as on BigQuery (Snowflake's
// integer / integer is a decimal, PostgreSQL's truncates). Text compares
// byte-wise unless a collation is set (pitgate sets none). None of this is
// executed here: dialects/snowflake_test.go checks the documented rules on
// the golden SQL.
//
// ASOF joins use Snowflake's own ASOF JOIN ... MATCH_CONDITION after ties
// are removed (snowflake_asof.go); Window selects the window strategy.
type Snowflake struct {
	Window bool
}

func (Snowflake) Name() string     { return "snowflake" }
func (Snowflake) HasQualify() bool { return true }

func (Snowflake) QuoteIdent(name string) string {
	if foldsLower(name) {
		name = strings.ToUpper(name)
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// foldsLower reports whether name is one PostgreSQL could have read
// unquoted (and so folded to lower case).
func foldsLower(name string) bool {
	for i, r := range name {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (i > 0 && (r == '$' || r >= '0' && r <= '9'))
		if !ok {
			return false
		}
	}
	return name != ""
}

// Bytes is TO_BINARY of the hex text, which gives BINARY.
func (Snowflake) Bytes(b []byte) string { return "TO_BINARY('" + hex.EncodeToString(b) + "', 'HEX')" }

func (Snowflake) String(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}

var sfTypes = map[string]string{
	"bool": "BOOLEAN", "int2": "NUMBER(38,0)", "int4": "NUMBER(38,0)", "int8": "NUMBER(38,0)",
	"float4": "FLOAT", "float8": "FLOAT", "text": "VARCHAR", "varchar": "VARCHAR", "bpchar": "VARCHAR",
	"name": "VARCHAR", "bytea": "BINARY", "date": "DATE", "time": "TIME",
	"timestamp": "TIMESTAMP_NTZ", "timestamptz": "TIMESTAMP_TZ", "json": "VARIANT", "jsonb": "VARIANT",
}

func (d Snowflake) TypeName(t plan.Type) (string, error) {
	base, mods, array := splitType(t)
	base = canonical(base)
	if array {
		return "ARRAY", nil // Snowflake's arrays are untyped
	}
	name, ok := sfTypes[base]
	switch {
	case base == "numeric" && mods != "":
		return "NUMBER(" + mods + ")", nil
	case base == "numeric":
		return "NUMBER(38,10)", nil // NUMBER alone is NUMBER(38,0), which would round
	case mods != "" && (base == "varchar" || base == "bpchar"):
		return "VARCHAR(" + mods + ")", nil
	case !ok || mods != "":
		return "", unsupportedType(d, t)
	}
	return name, nil
}

func (d Snowflake) Cast(x string, t plan.Type) (string, error) {
	base, _, array := splitType(t)
	if (base == "json" || base == "jsonb") && !array {
		return "PARSE_JSON(" + x + ")", nil // CAST to VARIANT would keep a string
	}
	if base == "interval" && !array {
		n, unit, err := intervalLiteral(d, x)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("INTERVAL '%d %s'", n, strings.ToLower(unit)), nil
	}
	name, err := d.TypeName(t)
	if err != nil {
		return "", err
	}
	return "CAST(" + x + " AS " + name + ")", nil
}

func (Snowflake) MinusDuration(ts string, dur time.Duration) string {
	if secs, whole := durationSeconds(dur); whole {
		return fmt.Sprintf("DATEADD(second, %d, %s)", -secs, ts)
	}
	return fmt.Sprintf("DATEADD(microsecond, -%s, %s)", fmtMicros(dur), ts)
}

var sfFuncs = map[string]string{
	"count": "COUNT", "min": "MIN", "max": "MAX", "avg": "AVG", "sum": "SUM", "coalesce": "COALESCE",
	"nullif": "NULLIF", "abs": "ABS", "ceil": "CEIL", "ceiling": "CEIL", "floor": "FLOOR",
	"lower": "LOWER", "upper": "UPPER", "length": "LENGTH", "char_length": "LENGTH",
	"character_length": "LENGTH", "btrim": "TRIM", "ltrim": "LTRIM", "rtrim": "RTRIM",
	"bool_and": "BOOLAND_AGG", "bool_or": "BOOLOR_AGG", "mod": "MOD", "date_trunc": "DATE_TRUNC",
	"row_number": "ROW_NUMBER", "rank": "RANK", "dense_rank": "DENSE_RANK", "lag": "LAG",
	"lead": "LEAD", "first_value": "FIRST_VALUE", "last_value": "LAST_VALUE",
	"starts_with": "STARTSWITH",
}

func (d Snowflake) Func(name string, args []string) (string, error) {
	switch name {
	case "now":
		if len(args) == 0 {
			return "CURRENT_TIMESTAMP()", nil
		}
	case "div":
		if len(args) == 2 {
			return "TRUNC(" + args[0] + " / " + args[1] + ")", nil
		}
	}
	if s, ok := d.sfMoreFunc(name, args); ok {
		return s, nil
	}
	n, ok := sfFuncs[name]
	if !ok {
		return "", unsupportedFunc(d, name)
	}
	return n + "(" + strings.Join(args, ", ") + ")", nil
}

var sfSpecial = map[string]string{
	"CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP()", "CURRENT_DATE": "CURRENT_DATE()",
	"CURRENT_TIME": "CURRENT_TIME()", "LOCALTIMESTAMP": "LOCALTIMESTAMP()",
	"CURRENT_USER": "CURRENT_USER()", "SESSION_USER": "CURRENT_USER()", "USER": "CURRENT_USER()",
	"CURRENT_ROLE": "CURRENT_ROLE()", "CURRENT_CATALOG": "CURRENT_DATABASE()",
	"CURRENT_SCHEMA": "CURRENT_SCHEMA()",
}

func (d Snowflake) Special(name string) (string, error) {
	if s, ok := sfSpecial[name]; ok {
		return s, nil
	}
	return "", sqlerr.New(sqlerr.FeatureNotSupported, "%s is not supported by the %s dialect", name, d.Name())
}

// BinaryOp makes % by zero raise: Snowflake's / by zero is an error,
// which the guard reaches.
func (Snowflake) BinaryOp(op, l, r string) (string, bool) {
	switch op {
	case "LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE":
		// PostgreSQL's patterns escape with \ by default; Snowflake's have no default escape.
		return "(" + l + " " + op + " " + r + " ESCAPE '\\\\')", true
	case "%":
		return "CASE WHEN " + r + " = 0 THEN " + l + " / " + r + " ELSE MOD(" + l + ", " + r + ") END", true
	}
	return "", false
}

func (Snowflake) OrderKey(sql string, _ plan.Type) string { return sql }

var sfOps = map[string]bool{
	"+": true, "-": true, "*": true, "%": true, "=": true, "<>": true, "<": true, "<=": true, ">": true,
	">=": true, "||": true, "AND": true, "OR": true, "NOT": true, "LIKE": true, "NOT LIKE": true,
	"ILIKE": true, "NOT ILIKE": true, "IS DISTINCT FROM": true, "IS NOT DISTINCT FROM": true,
}

func (d Snowflake) Refuse(construct string) error {
	if construct == "ANY/ALL (subquery)" {
		return nil // Snowflake has = ANY (subquery) and ALL with PostgreSQL's meaning
	}
	return refuseOps(d, sfOps, construct)
}
