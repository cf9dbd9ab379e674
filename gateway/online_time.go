package gateway

import (
	"strings"
	"time"
)

// Timestamp input for online values: what PostgreSQL's input accepts in
// practice ('2024-01-01', '2024-01-01 10:00[:00[.123456]]', a T instead of
// the space, a zone as Z, +hh, +hh:mm or +hhmm). Text without a zone is in
// the session's TimeZone for timestamptz; timestamp ignores zones.

var zonedLayouts = []string{
	"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z07:00:00",
	"2006-01-02 15:04Z07:00", "2006-01-02 15:04Z07", "2006-01-02 15:04Z0700",
}

var localLayouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"}

// parseTimestamp reads s; zoned is false when s names no zone (the time is
// then read in loc).
func parseTimestamp(s string, loc *time.Location) (t time.Time, zoned bool, err error) {
	text := strings.TrimSpace(s)
	if len(text) > 10 && (text[10] == 'T' || text[10] == 't') {
		text = text[:10] + " " + text[11:]
	}
	text = strings.Replace(text, " +", "+", 1)
	text = strings.Replace(text, " -", "-", 1)
	text = strings.TrimSuffix(text, " UTC")
	if strings.EqualFold(text, "now") {
		return time.Now(), true, nil
	}
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t, true, nil
		}
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, badValue("22007", "invalid input syntax for type timestamp: %q", s)
}

// toTime converts to timestamptz (an instant), timestamp (a wall clock,
// carried as that clock in UTC) or date (midnight UTC of the day).
func (ev *evaluator) toTime(v any, from, to string) (any, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
		if from == "timestamptz" && to != "timestamptz" {
			t = wallClock(t, ev.loc) // PostgreSQL: in the session's TimeZone
		}
	case string:
		loc := ev.loc
		if to != "timestamptz" {
			loc = time.UTC
		}
		parsed, zoned, err := parseTimestamp(x, loc)
		if err != nil {
			return nil, err
		}
		if zoned && to != "timestamptz" {
			parsed = wallClock(parsed, parsed.Location())
		}
		t = parsed
	default:
		return nil, mismatch(v, to)
	}
	if y := t.Year(); y < 1 || y > 9999 {
		return nil, badValue("22008", "timestamp out of range: %s", t.Format(time.RFC3339))
	}
	t = t.UTC().Truncate(time.Microsecond)
	if to == "date" {
		return dateOf(t), nil
	}
	return t, nil
}

// wallClock is t's clock reading in loc, as the same reading in UTC.
func wallClock(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
