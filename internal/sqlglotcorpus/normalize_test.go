package sqlglotcorpus

import (
	"strings"
	"unicode"
)

// tokens splits SQL into comparable tokens: quoted identifiers lose their
// quotes, everything outside string literals is lower-cased, and string
// literals are kept with their quotes so that 'A' and "A" never compare
// equal.
func tokens(sql string) []string {
	var out []string
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case unicode.IsSpace(rune(c)) || c == ';':
			i++
		case c == '\'':
			j := closing(sql, i, '\'')
			out = append(out, sql[i:j])
			i = j
		case c == '"' || c == '`':
			j := closing(sql, i, c)
			name := sql[i+1 : j-1]
			name = strings.ReplaceAll(name, string([]byte{c, c}), string(c))
			out = append(out, strings.ToLower(name))
			i = j
		case isWord(c):
			j := i
			for j < len(sql) && (isWord(sql[j]) || sql[j] == '$') {
				j++
			}
			out = append(out, strings.ToLower(sql[i:j]))
			i = j
		default:
			j := i + 1
			if j < len(sql) && strings.Contains("<> <= >= != || :: -> ->> // ", sql[i:j+1]+" ") {
				j++
				if sql[i:j] == "->" && j < len(sql) && sql[j] == '>' {
					j++
				}
			}
			out = append(out, sql[i:j])
			i = j
		}
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// closing returns the index after the literal or identifier opened at i,
// a doubled (or, in strings, backslash-escaped) quote staying inside.
func closing(sql string, i int, q byte) int {
	for j := i + 1; j < len(sql); j++ {
		switch {
		case q == '\'' && sql[j] == '\\':
			j++
		case sql[j] == q && j+1 < len(sql) && sql[j+1] == q:
			j++
		case sql[j] == q:
			return j + 1
		}
	}
	return len(sql)
}

// clauseEnd are the tokens that end a select item or a sort key.
var clauseEnd = map[string]bool{
	",": true, ")": true, "from": true, "where": true, "group": true, "having": true, "order": true,
	"limit": true, "offset": true, "union": true, "except": true, "intersect": true, "qualify": true,
	"window": true, "rows": true, "range": true, "": true,
}

// normalize makes pitgate's and sqlglot's spellings comparable: the
// generated aliases pitgate gives every table (t1, q2, v3) and the
// qualification with them go, so do select-item aliases and parentheses,
// != is <>, and every sort key gets its dialect's default NULL order
// spelled out.
func normalize(toks []string, dialect string) []string {
	toks = dropGeneratedAliases(toks)
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := at(toks, i+2)
		if t == "as" && i+1 < len(toks) && clauseEnd[next] && next != ")" {
			i++ // a select item's alias
			continue
		}
		if t == "!=" {
			t = "<>"
		}
		out = append(out, t)
	}
	out = spellNullOrder(out, dialect)
	var bare []string
	for _, t := range out {
		if t != "(" && t != ")" {
			bare = append(bare, t)
		}
	}
	return bare
}

func at(toks []string, i int) string {
	if i < len(toks) {
		return toks[i]
	}
	return ""
}

// dropGeneratedAliases removes "AS t1" after a FROM item and "t1 ." before
// a column, for the aliases pitgate's printer invents.
func dropGeneratedAliases(toks []string) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		if generated(at(toks, i)) && at(toks, i+1) == "." {
			i++
			continue
		}
		if toks[i] == "as" && generated(at(toks, i+1)) {
			i++
			continue
		}
		out = append(out, toks[i])
	}
	return out
}

func generated(s string) bool {
	if len(s) < 2 || !strings.ContainsRune("tqvs", rune(s[0])) {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// spellNullOrder writes "asc|desc nulls first|last" on every ORDER BY key,
// from the dialect's defaults where the key leaves them out.
func spellNullOrder(toks []string, dialect string) []string {
	var out []string
	inOrder, depth, orderDepth := false, 0, 0
	flush := func() {
		n := len(out)
		dir, nulls := "asc", ""
		if n >= 2 && out[n-2] == "nulls" {
			nulls, out = out[n-1], out[:n-2]
			n -= 2
		}
		if n >= 1 && (out[n-1] == "asc" || out[n-1] == "desc") {
			dir, out = out[n-1], out[:n-1]
		}
		if nulls == "" {
			nulls = defaultNulls(dialect, dir)
		}
		out = append(out, dir, "nulls", nulls)
	}
	for i, t := range toks {
		if t == "(" {
			depth++
		}
		if inOrder && depth == orderDepth && clauseEnd[t] {
			flush()
			if t != "," {
				inOrder = false
			}
		}
		if t == ")" {
			depth--
		}
		out = append(out, t)
		if t == "by" && i > 0 && toks[i-1] == "order" {
			inOrder, orderDepth = true, depth
		}
	}
	if inOrder {
		flush()
	}
	return out
}

// defaultNulls is where each dialect puts NULLs when a key does not say.
func defaultNulls(dialect, dir string) string {
	switch dialect {
	case "duckdb":
		return "last"
	case "bigquery":
		if dir == "asc" {
			return "first"
		}
		return "last"
	}
	if dir == "asc" { // postgres, snowflake
		return "last"
	}
	return "first"
}
