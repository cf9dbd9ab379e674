package dialects_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
)

// snowflakeRule is one documented rule of Snowflake's SQL that pitgate's
// output must keep; check returns what breaks it, "" when nothing does.
type snowflakeRule struct {
	name  string
	check func(sql string, toks []sfToken) string
}

// sfToken is a lexical token of the printed SQL: a quoted identifier, a
// string literal, or a bare word.
type sfToken struct {
	kind byte // 'i' quoted identifier, 's' string, 'w' word
	text string
}

// sfWords are the bare words pitgate may print for Snowflake: keywords,
// the functions it maps to, DATEADD's units. A bare word outside the list
// would be an unquoted identifier, which Snowflake folds to upper case.
var sfWords = strings.Fields(`SELECT DISTINCT FROM AS WHERE GROUP BY HAVING QUALIFY ORDER ASC DESC NULLS
	FIRST LAST LIMIT OFFSET JOIN LEFT RIGHT FULL INNER CROSS ON AND OR NOT IS NULL TRUE FALSE IN EXISTS
	BETWEEN SYMMETRIC LIKE ILIKE ESCAPE CASE WHEN THEN ELSE END CAST UNION INTERSECT EXCEPT ALL ANY VALUES
	OVER PARTITION ROWS RANGE PRECEDING FOLLOWING CURRENT ROW UNBOUNDED INTERVAL ASOF MATCH_CONDITION
	row_number max min COUNT MIN MAX AVG SUM COALESCE NULLIF MOD DATEADD DATE_TRUNC TRUNC PARSE_JSON
	second microsecond CURRENT_TIMESTAMP BOOLEAN FLOAT VARCHAR BINARY DATE TIME TIMESTAMP_NTZ TIMESTAMP_TZ
	VARIANT ARRAY NUMBER`)

var snowflakeRules = []snowflakeRule{
	{"every identifier is double-quoted", func(_ string, toks []sfToken) string {
		allowed := map[string]bool{}
		for _, w := range sfWords {
			allowed[w] = true
		}
		for _, tk := range toks {
			if tk.kind == 'w' && !allowed[tk.text] && !regexp.MustCompile(`^[0-9.eE+-]+$`).MatchString(tk.text) {
				return "bare word " + tk.text
			}
		}
		return ""
	}},
	{"names PostgreSQL folds to lower case are upper-cased", func(_ string, toks []sfToken) string {
		for _, tk := range toks {
			if tk.kind == 'i' && regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`).MatchString(tk.text) {
				return "quoted lower-case name " + tk.text
			}
		}
		return ""
	}},
	{"no backticks, :: casts, E'' strings or $N parameters", func(sql string, _ []sfToken) string {
		for _, bad := range []string{"`", "::", "E'", "$1"} {
			if strings.Contains(stripQuoted(sql), bad) {
				return bad
			}
		}
		return ""
	}},
	{"backslashes in strings are doubled", func(_ string, toks []sfToken) string {
		for _, tk := range toks {
			if tk.kind == 's' && regexp.MustCompile(`(^|[^\\])(\\\\)*\\([^\\]|$)`).MatchString(tk.text) {
				return "single backslash in " + tk.text
			}
		}
		return ""
	}},
	{"Snowflake's type names only", func(sql string, _ []sfToken) string {
		m := regexp.MustCompile(`\bAS (TIMESTAMPTZ|TIMESTAMP|DOUBLE|TEXT|BIGINT|INTEGER|JSONB?|DECIMAL|INTERVAL)\b`).FindString(stripQuoted(sql))
		return m
	}},
	{"every sort key spells out its NULL order", func(sql string, _ []sfToken) string {
		return firstMatch(regexp.MustCompile(`\b(ASC|DESC)\b(\s+NULLS)?`), stripQuoted(sql))
	}},
	{"ttl bounds are DATEADD of whole seconds or microseconds", func(sql string, _ []sfToken) string {
		s := stripQuoted(sql)
		for _, m := range regexp.MustCompile(`DATEADD\([^,]*, [^,]*,`).FindAllString(s, -1) {
			if !regexp.MustCompile(`^DATEADD\((second|microsecond), -[0-9]+,$`).MatchString(m) {
				return m
			}
		}
		if strings.Contains(s, "INTERVAL '") && regexp.MustCompile(`INTERVAL '[^']* [^']* `).MatchString(sql) {
			return "interval of several units"
		}
		return ""
	}},
	{"no constructs Snowflake lacks: DISTINCT ON, aggregate FILTER, LATERAL", func(sql string, _ []sfToken) string {
		s := stripQuoted(sql)
		return regexp.MustCompile(`DISTINCT ON|FILTER \(WHERE|LATERAL|ILIKE ANY`).FindString(s)
	}},
	{"MATCH_CONDITION only in an ASOF JOIN with one comparison", func(sql string, _ []sfToken) string {
		s := stripQuoted(sql)
		for _, m := range regexp.MustCompile(`MATCH_CONDITION[^)]*\)`).FindAllString(s, -1) {
			ops := regexp.MustCompile(`<=|>=|<|>|=|\bAND\b|\bOR\b`).FindAllString(m, -1)
			if len(ops) != 1 || ops[0] == "=" || ops[0] == "AND" || ops[0] == "OR" {
				return m
			}
		}
		if strings.Contains(s, "MATCH_CONDITION") && !strings.Contains(s, "ASOF JOIN") {
			return "MATCH_CONDITION outside ASOF JOIN"
		}
		return ""
	}},
	{"ties are removed before every ASOF JOIN: its right side keeps one row per (keys, time)", func(sql string, _ []sfToken) string {
		s := stripQuoted(sql)
		for _, m := range regexp.MustCompile(`ASOF JOIN ([\s\S]*?)MATCH_CONDITION`).FindAllStringSubmatch(s, -1) {
			if !regexp.MustCompile(`QUALIFY row_number\(\) OVER \(PARTITION BY [^)]*\) = 1\s*\) AS ""\s*$`).MatchString(m[1]) {
				return "an ASOF JOIN whose right side is not reduced to one row per (keys, ts)"
			}
		}
		return ""
	}},
	{"an ASOF JOIN is plain (no LEFT/INNER), with MATCH_CONDITION, and ON holds only column equalities", func(sql string, _ []sfToken) string {
		s := stripQuoted(sql)
		if m := regexp.MustCompile(`\b(LEFT|INNER|RIGHT|FULL)\s+ASOF\b|ASOF\s+(LEFT|INNER)\b`).FindString(s); m != "" {
			return m
		}
		// After stripQuoted a column reference reads "".""; the ON of an
		// ASOF JOIN ends at the next ")" or the end of its subquery.
		for _, m := range regexp.MustCompile(`ASOF JOIN[\s\S]*?(MATCH_CONDITION \([^)]*\))?\s*\n\s*ON ((?:[^()\n]|\n\s*AND )*)`).FindAllStringSubmatch(s, -1) {
			if m[1] == "" {
				return "ASOF JOIN without MATCH_CONDITION"
			}
			for _, c := range strings.Split(m[2], " AND ") {
				if !regexp.MustCompile(`^\s*""\.""\s*=\s*""\.""\s*$`).MatchString(c) {
					return "ON condition " + strings.TrimSpace(c)
				}
			}
		}
		return ""
	}},
}

// firstMatch returns the first ASC/DESC not followed by NULLS, or "".
func firstMatch(re *regexp.Regexp, s string) string {
	for _, m := range re.FindAllString(s, -1) {
		if !strings.HasSuffix(m, "NULLS") {
			return m
		}
	}
	return ""
}

// TestSnowflakeRules checks every golden case's Snowflake SQL, which
// cannot be executed here, against the rules above.
func TestSnowflakeRules(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testenv.Root(), "testdata", "golden", "cases", "*.snowflake*.sql"))
	if err != nil || len(files) < 30 {
		t.Fatalf("%d snowflake golden files (%v)", len(files), err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sql := string(b)
		toks := sfTokens(sql)
		for _, r := range snowflakeRules {
			if why := r.check(sql, toks); why != "" {
				t.Errorf("%s: %s: %s", filepath.Base(f), r.name, why)
			}
		}
	}
}

// TestSnowflakeRulesHaveTeeth shows each rule can fail.
func TestSnowflakeRulesHaveTeeth(t *testing.T) {
	bad := map[string]string{
		"every identifier is double-quoted":                                                                `SELECT driver_id FROM "T"`,
		"names PostgreSQL folds to lower case are upper-cased":                                             `SELECT "driver_id" FROM "T"`,
		"no backticks, :: casts, E'' strings or $N parameters":                                             `SELECT '1'::int`,
		"backslashes in strings are doubled":                                                               `SELECT 'a\b'`,
		"Snowflake's type names only":                                                                      `SELECT CAST('1' AS TIMESTAMPTZ)`,
		"every sort key spells out its NULL order":                                                         `SELECT 1 ORDER BY "A" DESC`,
		"ttl bounds are DATEADD of whole seconds or microseconds":                                          `SELECT DATEADD(day, -1, "TS")`,
		"no constructs Snowflake lacks: DISTINCT ON, aggregate FILTER, LATERAL":                            `SELECT DISTINCT ON ("A") "A"`,
		"MATCH_CONDITION only in an ASOF JOIN with one comparison":                                         `SELECT 1 FROM "L" ASOF JOIN "R" MATCH_CONDITION ("L"."T" >= "R"."T" AND "L"."U" >= "R"."U")`,
		"ties are removed before every ASOF JOIN: its right side keeps one row per (keys, time)":           "SELECT 1 FROM \"L\" ASOF JOIN (SELECT * FROM \"R\") AS \"Q\"\n  MATCH_CONDITION (\"L\".\"T\" >= \"Q\".\"T\")\n  ON \"L\".\"K\" = \"Q\".\"K\"",
		"an ASOF JOIN is plain (no LEFT/INNER), with MATCH_CONDITION, and ON holds only column equalities": "SELECT 1 FROM \"L\" ASOF JOIN \"R\" MATCH_CONDITION (\"L\".\"T\" >= \"R\".\"T\")\n  ON \"L\".\"K\" = \"R\".\"K\" + 1",
	}
	for _, r := range snowflakeRules {
		sql, ok := bad[r.name]
		if !ok {
			t.Errorf("rule %q has no counter-example", r.name)
			continue
		}
		if r.check(sql, sfTokens(sql)) == "" {
			t.Errorf("rule %q accepts %s", r.name, sql)
		}
	}
}

// stripQuoted blanks out string literals and quoted identifiers.
func stripQuoted(sql string) string {
	var b strings.Builder
	for _, tk := range sfLex(sql) {
		switch tk.kind {
		case 'i':
			b.WriteString(`""`)
		case 's':
			b.WriteString(`''`)
		default:
			b.WriteString(tk.text)
		}
	}
	return b.String()
}

func sfTokens(sql string) []sfToken {
	var out []sfToken
	for _, tk := range sfLex(sql) {
		if tk.kind != 'o' {
			out = append(out, tk)
		}
	}
	return out
}

// sfLex splits sql into quoted identifiers ("" doubles a quote), strings
// (” doubles a quote, \ escapes the next character), words, and other
// text (kind 'o').
func sfLex(sql string) []sfToken {
	var out []sfToken
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '"' || c == '\'':
			j, text := i+1, strings.Builder{}
			for j < len(sql) {
				if c == '\'' && sql[j] == '\\' && j+1 < len(sql) {
					text.WriteString(sql[j : j+2])
					j += 2
					continue
				}
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						text.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				text.WriteByte(sql[j])
				j++
			}
			kind := byte('i')
			if c == '\'' {
				kind = 's'
			}
			out = append(out, sfToken{kind, text.String()})
			i = j + 1
		case isWordByte(c):
			j := i
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			out = append(out, sfToken{'w', sql[i:j]})
			i = j
		default:
			out = append(out, sfToken{'o', string(c)})
			i++
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
