package wire

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// appendInterval writes iv as PostgreSQL's interval_out does with
// IntervalStyle postgres: "1 year 2 mons -3 days +04:05:06.5". pgtype's
// text differs ("1 mon 2 day"), and clients parse PostgreSQL's.
func appendInterval(buf []byte, iv pgtype.Interval) []byte {
	zero, before := true, false
	part := func(value int64, unit string) {
		if value == 0 {
			return
		}
		if !zero {
			buf = append(buf, ' ')
		}
		if before && value > 0 {
			buf = append(buf, '+')
		}
		buf = strconv.AppendInt(buf, value, 10)
		buf = append(buf, ' ')
		buf = append(buf, unit...)
		if value != 1 {
			buf = append(buf, 's')
		}
		before, zero = value < 0, false
	}
	part(int64(iv.Months/12), "year")
	part(int64(iv.Months%12), "mon")
	part(int64(iv.Days), "day")
	if zero || iv.Microseconds != 0 {
		buf = appendIntervalTime(buf, iv.Microseconds, zero, before)
	}
	return buf
}

// appendIntervalTime writes the time part, [-|+]HH:MM:SS[.ffffff]; hours
// may pass 24.
func appendIntervalTime(buf []byte, micros int64, zero, before bool) []byte {
	if !zero {
		buf = append(buf, ' ')
	}
	switch {
	case micros < 0:
		buf = append(buf, '-')
		micros = -micros
	case before:
		buf = append(buf, '+')
	}
	hours := micros / int64(time.Hour/time.Microsecond)
	buf = appendPadded(buf, int(hours), 2)
	rest := time.Duration(micros%int64(time.Hour/time.Microsecond)) * time.Microsecond
	clock := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(rest)
	// appendClock writes HH:MM:SS.ffffff; the hour of rest is always 00.
	return append(buf, appendClock(nil, clock)[2:]...)
}
