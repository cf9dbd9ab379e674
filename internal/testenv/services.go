package testenv

import (
	"os"
	"strconv"
	"time"
)

// CI reports whether the tests run under CI=true, where a missing tool
// or service fails the test instead of skipping it.
func CI() bool { return os.Getenv("CI") == "true" }

// PostgresText formats a value as PostgreSQL's text output does under
// TimeZone UTC: timestamptz as "2006-01-02 15:04:05+00", floats in their
// shortest exact form, NULL as the empty string (as psql -A prints it).
func PostgresText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "t"
		}
		return "f"
	case string:
		return x
	case time.Time:
		s := x.UTC().Format("2006-01-02 15:04:05.999999")
		return s + "+00"
	}
	return ""
}
