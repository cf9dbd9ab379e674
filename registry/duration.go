package registry

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a Go duration ("2h", "90m", "1h30m"), a whole number of
// days ("7d") or "0". Negative durations are refused: a TTL looks back only.
func ParseDuration(s string) (time.Duration, error) {
	d, err := parseDays(s)
	if err == errNotDays {
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("invalid duration %q: %s", s, durationHint(s))
		}
	}
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: %v", s, err)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	return d, nil
}

func durationHint(s string) string {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return fmt.Sprintf("a number needs a unit, e.g. %ss for seconds", s)
	}
	return "write a Go duration such as 2h, 90m or 1h30m, a number of days such as 7d, or 0"
}

var errNotDays = errors.New("not a number of days")

// parseDays reads "Nd"; time.ParseDuration has no day unit because days are
// not always 24h in local time, but a TTL is counted in seconds, so here they are.
func parseDays(s string) (time.Duration, error) {
	digits, ok := strings.CutSuffix(s, "d")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, errNotDays
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	const day = 24 * time.Hour
	if err != nil || n > math.MaxInt64/int64(day) {
		return 0, errors.New("too long")
	}
	return time.Duration(n) * day, nil
}
