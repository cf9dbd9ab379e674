package registry

import "fmt"

// maxNameLen is PostgreSQL's identifier limit (NAMEDATALEN-1); longer names
// would be truncated silently by Postgres clients and catalogs.
const maxNameLen = 63

// nameProblem says why s cannot name a relation or column without quoting,
// or returns "" when it can. Names are lower-case so that every dialect and
// every client (which fold unquoted names differently) sees the same name.
func nameProblem(s string) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > maxNameLen:
		return fmt.Sprintf("is longer than %d characters", maxNameLen)
	case !isIdentifier(s):
		return "must be a lower-case SQL identifier: a letter or _, then letters, digits or _ (like driver_id)"
	case reservedWords[s]:
		return "is a reserved SQL word; choose another name"
	}
	return ""
}

func isIdentifier(s string) bool {
	for i, c := range s {
		lower := c >= 'a' && c <= 'z' || c == '_'
		if !lower && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// reservedWords are PostgreSQL's reserved and type/function-name keywords
// (kwlist.h, PostgreSQL 17): as a column or relation name each needs quotes.
var reservedWords = func() map[string]bool {
	words := []string{
		"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
		"authorization", "binary", "both", "case", "cast", "check", "collate", "collation",
		"column", "concurrently", "constraint", "create", "cross", "current_catalog",
		"current_date", "current_role", "current_schema", "current_time", "current_timestamp",
		"current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
		"except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant",
		"group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is",
		"isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
		"localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or",
		"order", "outer", "overlaps", "placing", "primary", "references", "returning",
		"right", "select", "session_user", "similar", "some", "symmetric", "system_user",
		"table", "tablesample", "then", "to", "trailing", "true", "union", "unique", "user",
		"using", "variadic", "verbose", "when", "where", "window", "with",
	}
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}()
