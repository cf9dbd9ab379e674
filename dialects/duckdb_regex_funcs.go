package dialects

import (
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// duckRegexFunc prints PostgreSQL's regular-expression functions for
// DuckDB, or refuses them: DuckDB has functions of the same names that
// mean something else (its regexp_matches returns a boolean, PostgreSQL's
// a set of text arrays), so none may pass through by name.
func (d DuckDB) duckRegexFunc(name string, args []string) (string, bool, error) {
	switch name {
	case "regexp_replace":
		s, err := d.regexpReplace(args)
		return s, true, err
	case "regexp_like":
		if len(args) < 2 || len(args) > 3 {
			return "", true, d.regexRefused(name, "with these arguments")
		}
		opts, err := d.regexOptions(name, args[2:], false)
		if err != nil {
			return "", true, err
		}
		return "regexp_matches(" + args[0] + ", " + args[1] + ", " + d.String(opts) + ")", true, nil
	case "regexp_match", "regexp_matches", "regexp_split_to_array", "regexp_split_to_table",
		"regexp_count", "regexp_instr", "regexp_substr", "substring_regex":
		return "", true, d.regexRefused(name, "")
	}
	return "", false, nil
}

// regexpReplace is regexp_replace(source, pattern, replacement [, flags]).
// The replacement must be a literal: PostgreSQL's \& (the whole match) is
// RE2's \0, a rewrite only a literal allows. PostgreSQL 15's forms with a
// start position and an occurrence are refused.
func (d DuckDB) regexpReplace(args []string) (string, error) {
	if len(args) < 3 || len(args) > 4 {
		return "", d.regexRefused("regexp_replace", "with a start position or an occurrence")
	}
	repl, ok := duckLiteral(args[2])
	if !ok {
		return "", d.regexRefused("regexp_replace", "with a replacement that is not a literal string")
	}
	opts, err := d.regexOptions("regexp_replace", args[3:], true)
	if err != nil {
		return "", err
	}
	repl = strings.ReplaceAll(repl, `\&`, `\0`)
	return "regexp_replace(" + args[0] + ", " + args[1] + ", " + d.String(repl) + ", " + d.String(opts) + ")", nil
}

// regexOptions turns PostgreSQL's flags (a literal, or none) into DuckDB's
// options. PostgreSQL is not newline-sensitive by default: 's'. Its 'n'
// (newline-sensitive, where [^x] no longer matches a newline) has no RE2
// equivalent, so it is refused like the other flags.
func (d DuckDB) regexOptions(fn string, flags []string, global bool) (string, error) {
	lit := ""
	if len(flags) == 1 {
		var ok bool
		if lit, ok = duckLiteral(flags[0]); !ok {
			return "", d.regexRefused(fn, "with flags that are not a literal string")
		}
	}
	var opts strings.Builder
	for _, f := range lit {
		switch {
		case f == 'i' || f == 'c' || (f == 'g' && global):
			opts.WriteRune(f)
		default:
			return "", sqlerr.New(sqlerr.FeatureNotSupported, "flag %q of %s is not supported by the duckdb dialect", string(f), fn).
				WithHint("the duckdb dialect reads the flags g, i and c")
		}
	}
	return opts.String() + "s", nil
}

func (d DuckDB) regexRefused(fn, how string) error {
	if how != "" {
		how = " " + how
	}
	return sqlerr.New(sqlerr.FeatureNotSupported, "function %s%s is not supported by the duckdb dialect", fn, how)
}

// duckLiteral reads back a string literal as DuckDB.String printed it.
func duckLiteral(printed string) (string, bool) {
	if len(printed) < 2 || printed[0] != '\'' || printed[len(printed)-1] != '\'' {
		return "", false
	}
	body := printed[1 : len(printed)-1]
	if strings.Count(body, "'")%2 != 0 || strings.Contains(strings.ReplaceAll(body, "''", ""), "'") {
		return "", false
	}
	return strings.ReplaceAll(body, "''", "'"), true
}
