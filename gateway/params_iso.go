package gateway

import (
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// isoDateTime accepts ISO 8601's 'T' between a date and its time in a
// text-format timestamp parameter, as PostgreSQL does: node-postgres sends
// every JavaScript Date as "2024-01-02T03:04:05.678+00:00", and pgtype's
// text parser knows only the space PostgreSQL itself prints. Other values
// are returned unchanged.
func isoDateTime(oid uint32, raw []byte, format int16) []byte {
	if format != pgtype.TextFormatCode || (oid != pgtype.TimestampOID && oid != pgtype.TimestamptzOID) {
		return raw
	}
	// YYYY-MM-DDThh: the year may be longer than four digits.
	for i := 4; i+3 < len(raw); i++ {
		if raw[i] == 'T' || raw[i] == 't' {
			if raw[i-3] != '-' || !isDigit(raw[i+1]) || !isDigit(raw[i+2]) || raw[i+3] != ':' {
				return raw
			}
			out := append([]byte(nil), raw...)
			out[i] = ' '
			return out
		}
		if !isDigit(raw[i]) && raw[i] != '-' {
			return raw
		}
	}
	return raw
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// zonedTimestamps gives each text-format timestamptz parameter written
// without an offset ("2024-01-01 12:00:00", as psqlODBC binds a
// SQL_TIMESTAMP) the offset of the session's TimeZone at that wall-clock
// time, which is how PostgreSQL reads it. Other values are kept; raw is
// not modified.
func zonedTimestamps(types *pgtype.Map, params []paramType, raw [][]byte, formats []int16, loc *time.Location) [][]byte {
	out, copied := raw, false
	for i, p := range params {
		if i >= len(raw) || raw[i] == nil || formats[i] != pgtype.TextFormatCode || p.oid != pgtype.TimestamptzOID {
			continue
		}
		text := isoDateTime(p.oid, raw[i], formats[i])
		if _, err := decodeParam(types, pgtype.TimestamptzOID, text, formats[i]); err == nil {
			continue
		}
		v, err := decodeParam(types, pgtype.TimestampOID, text, formats[i])
		wall, ok := v.(time.Time)
		if err != nil || !ok {
			continue // the timestamptz decoder reports the error
		}
		if !copied {
			out, copied = append([][]byte(nil), raw...), true
		}
		at := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc)
		out[i] = []byte(at.Format("2006-01-02 15:04:05.999999-07:00"))
	}
	return out
}
