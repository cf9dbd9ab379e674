package dialects

import (
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// intervalUnits are the units of a PostgreSQL interval literal that
// BigQuery and Snowflake have with the same meaning (singular form).
var intervalUnits = map[string]string{
	"microsecond": "MICROSECOND", "millisecond": "MILLISECOND", "second": "SECOND",
	"minute": "MINUTE", "hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH",
	"year": "YEAR",
}

// intervalLiteral reads a printed literal '<integer> <unit>' (the form a
// query's interval '1 hour' has) into its count and unit; anything richer
// ('1 day 2 hours', '01:00') is refused rather than guessed.
func intervalLiteral(d Dialect, printed string) (n int64, unit string, err error) {
	s, ok := strings.CutPrefix(printed, "'")
	if s, ok2 := strings.CutSuffix(s, "'"); ok && ok2 {
		if f := strings.Fields(s); len(f) == 2 {
			u := strings.TrimSuffix(strings.ToLower(f[1]), "s")
			n, err := strconv.ParseInt(f[0], 10, 64)
			if name, known := intervalUnits[u]; known && err == nil {
				return n, name, nil
			}
		}
	}
	return 0, "", sqlerr.New(sqlerr.FeatureNotSupported, "interval %s is not supported by the %s dialect", printed, d.Name()).
		WithHint("write an interval of one unit, such as interval '90 minutes'")
}
