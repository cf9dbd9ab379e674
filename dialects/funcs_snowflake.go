package dialects

import "strings"

// sfMoreFuncs are further PostgreSQL functions Snowflake has with the same
// meaning. Left out on purpose, so refused: concat/greatest/least (NULL
// handling), round (float ties), string_agg (LISTAGG of no rows is ” where
// PostgreSQL's is NULL), regular expressions (REGEXP_LIKE matches the whole
// string, ~ a part of it).
var sfMoreFuncs = map[string]string{
	"power": "POWER", "pow": "POWER", "sqrt": "SQRT", "exp": "EXP", "ln": "LN", "sign": "SIGN",
	"trunc": "TRUNC", "replace": "REPLACE", "reverse": "REVERSE", "repeat": "REPEAT", "md5": "MD5",
	"var_samp": "VAR_SAMP", "var_pop": "VAR_POP", "variance": "VARIANCE", "stddev": "STDDEV",
	"stddev_samp": "STDDEV_SAMP", "stddev_pop": "STDDEV_POP", "bit_and": "BITAND_AGG",
	"bit_or": "BITOR_AGG", "bit_xor": "BITXOR_AGG",
}

// sfExtractFields are the extract/date_part fields with PostgreSQL's
// numbering whatever the session's WEEK_START (so not dow).
var sfExtractFields = map[string]string{
	"'year'": "YEAR", "'quarter'": "QUARTER", "'month'": "MONTH", "'day'": "DAY", "'hour'": "HOUR",
	"'minute'": "MINUTE", "'doy'": "DAYOFYEAR", "'week'": "WEEKISO", "'isoyear'": "YEAROFWEEKISO",
}

func (d Snowflake) sfMoreFunc(name string, args []string) (string, bool) {
	switch {
	case name == "sha256" && len(args) == 1:
		return "SHA2_BINARY(" + args[0] + ", 256)", true
	case name == "strpos" && len(args) == 2:
		return "CHARINDEX(" + args[1] + ", " + args[0] + ")", true
	case name == "log" && len(args) == 1:
		return "LOG(10, " + args[0] + ")", true
	case name == "log" && len(args) == 2:
		return "LOG(" + args[0] + ", " + args[1] + ")", true
	case (name == "extract" || name == "date_part") && len(args) == 2:
		if f, ok := sfExtractFields[strings.ToLower(args[0])]; ok {
			return "EXTRACT(" + f + " FROM " + args[1] + ")", true
		}
	}
	if n, ok := sfMoreFuncs[name]; ok {
		return n + "(" + strings.Join(args, ", ") + ")", true
	}
	return "", false
}
