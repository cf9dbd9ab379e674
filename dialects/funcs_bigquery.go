package dialects

import "strings"

// bqMoreFuncs are further PostgreSQL functions BigQuery has under the same
// or another name with the same meaning (NULL in, NULL out; errors where
// PostgreSQL raises). Left out on purpose, so refused: concat, greatest
// and least (BigQuery returns NULL for any NULL argument, PostgreSQL skips
// NULLs), round (PostgreSQL rounds float ties to even), left/right/lpad/
// rpad (negative lengths raise in BigQuery), regular expressions (RE2 is
// not PostgreSQL's syntax: \b, \y differ), array_agg (NULL elements raise).
var bqMoreFuncs = map[string]string{
	"power": "POWER", "pow": "POWER", "sqrt": "SQRT", "exp": "EXP", "ln": "LN", "sign": "SIGN",
	"trunc": "TRUNC", "replace": "REPLACE", "strpos": "STRPOS", "reverse": "REVERSE",
	"repeat": "REPEAT", "sha256": "SHA256", "var_samp": "VAR_SAMP", "var_pop": "VAR_POP",
	"variance": "VARIANCE", "stddev": "STDDEV", "stddev_samp": "STDDEV_SAMP",
	"stddev_pop": "STDDEV_POP", "bit_and": "BIT_AND", "bit_or": "BIT_OR", "bit_xor": "BIT_XOR",
	"string_agg": "STRING_AGG",
}

// bqExtractFields are extract/date_part fields BigQuery's EXTRACT has with
// PostgreSQL's numbering; week is ISO in PostgreSQL. second, epoch and the
// sub-second fields are left out: PostgreSQL's carry a fraction.
var bqExtractFields = map[string]string{
	"'year'": "YEAR", "'quarter'": "QUARTER", "'month'": "MONTH", "'day'": "DAY", "'hour'": "HOUR",
	"'minute'": "MINUTE", "'doy'": "DAYOFYEAR", "'week'": "ISOWEEK", "'isoyear'": "ISOYEAR",
}

// bqMoreFunc prints the functions whose arguments move or whose result
// needs a conversion; ok false when name is not one of them.
func (d BigQuery) bqMoreFunc(name string, args []string) (string, bool) {
	switch {
	case name == "md5" && len(args) == 1:
		return "TO_HEX(MD5(" + args[0] + "))", true // PostgreSQL's md5 is hex text
	case name == "log" && len(args) == 1:
		return "LOG10(" + args[0] + ")", true
	case name == "log" && len(args) == 2:
		return "LOG(" + args[1] + ", " + args[0] + ")", true // PostgreSQL: log(base, x)
	case (name == "extract" || name == "date_part") && len(args) == 2:
		if f, ok := bqExtractFields[strings.ToLower(args[0])]; ok {
			return "EXTRACT(" + f + " FROM " + args[1] + ")", true
		}
		if strings.ToLower(args[0]) == "'dow'" { // PostgreSQL: Sunday 0; BigQuery: Sunday 1
			return "(EXTRACT(DAYOFWEEK FROM " + args[1] + ") - 1)", true
		}
	}
	if n, ok := bqMoreFuncs[name]; ok {
		return n + "(" + strings.Join(args, ", ") + ")", true
	}
	return "", false
}
