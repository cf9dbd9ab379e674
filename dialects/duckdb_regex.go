package dialects

// duckRegex holds, per PostgreSQL regular-expression operator, whether it
// negates and the regexp_matches options that give PostgreSQL's meaning.
// DuckDB's own `~` is a full-string match ('abc' ~ 'b' is false there,
// true in PostgreSQL), so the operator is never printed bare. PostgreSQL's
// default is not newline-sensitive ('.' and [^x] match a newline, ^ and $
// only the ends of the string): option 's'; `~*` adds 'i'. Patterns RE2
// cannot read (back references, lookaround) fail on DuckDB with an error
// instead of matching differently.
var duckRegex = map[string]struct {
	not     bool
	options string
}{
	"~": {false, "s"}, "!~": {true, "s"}, "~*": {false, "is"}, "!~*": {true, "is"},
}

func (d DuckDB) regexMatch(op, l, r string) (string, bool) {
	m, ok := duckRegex[op]
	if !ok {
		return "", false
	}
	s := "regexp_matches(" + l + ", " + r + ", " + d.String(m.options) + ")"
	if m.not {
		s = "(NOT " + s + ")"
	}
	return s, true
}
