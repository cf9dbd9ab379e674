package wire

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// appendTime writes t as PostgreSQL prints it with DateStyle ISO: the
// timestamptz form in t's own location, so the Handler chooses the zone by
// choosing the location. Other types pgtype decides.
func appendTime(types *pgtype.Map, buf []byte, oid uint32, t time.Time) ([]byte, bool, error) {
	t = t.Round(time.Microsecond) // PostgreSQL keeps microseconds
	switch oid {
	case pgtype.DateOID:
		buf, bc := appendDate(buf, t)
		return appendEra(buf, bc), false, nil
	case pgtype.TimestampOID:
		buf, bc := appendDate(buf, t)
		buf = appendClock(append(buf, ' '), t)
		return appendEra(buf, bc), false, nil
	case pgtype.TimeOID:
		return appendClock(buf, t), false, nil
	case pgtype.TimetzOID:
		return appendOffset(appendClock(buf, t), t), false, nil
	case pgtype.TimestamptzOID:
	default:
		if !isTextType(oid) {
			return appendWithPgtype(types, buf, oid, t)
		}
	}
	buf, bc := appendDate(buf, t)
	buf = appendOffset(appendClock(append(buf, ' '), t), t)
	return appendEra(buf, bc), false, nil
}

// appendDate writes YYYY-MM-DD, the year counted as PostgreSQL counts it
// (there is no year 0: Go's year 0 is 1 BC), and reports BC.
func appendDate(buf []byte, t time.Time) ([]byte, bool) {
	year := t.Year()
	bc := year <= 0
	if bc {
		year = 1 - year
	}
	buf = appendPadded(buf, year, 4)
	buf = appendPadded(append(buf, '-'), int(t.Month()), 2)
	return appendPadded(append(buf, '-'), t.Day(), 2), bc
}

// appendClock writes HH:MM:SS and the microseconds without trailing zeros.
func appendClock(buf []byte, t time.Time) []byte {
	buf = appendPadded(buf, t.Hour(), 2)
	buf = appendPadded(append(buf, ':'), t.Minute(), 2)
	buf = appendPadded(append(buf, ':'), t.Second(), 2)
	micros := t.Nanosecond() / 1000
	if micros == 0 {
		return buf
	}
	digits := 6
	for micros%10 == 0 {
		micros /= 10
		digits--
	}
	return appendPadded(append(buf, '.'), micros, digits)
}

// appendOffset writes t's zone offset as +HH, +HH:MM or +HH:MM:SS.
func appendOffset(buf []byte, t time.Time) []byte {
	_, offset := t.Zone()
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	buf = appendPadded(append(buf, sign), offset/3600, 2)
	if minutes, seconds := offset%3600/60, offset%60; minutes != 0 || seconds != 0 {
		buf = appendPadded(append(buf, ':'), minutes, 2)
		if seconds != 0 {
			buf = appendPadded(append(buf, ':'), seconds, 2)
		}
	}
	return buf
}

func appendEra(buf []byte, bc bool) []byte {
	if bc {
		return append(buf, " BC"...)
	}
	return buf
}

// appendPadded writes n (not negative) with at least width digits.
func appendPadded(buf []byte, n, width int) []byte {
	var scratch [20]byte
	digits := strconv.AppendInt(scratch[:0], int64(n), 10)
	for i := len(digits); i < width; i++ {
		buf = append(buf, '0')
	}
	return append(buf, digits...)
}
