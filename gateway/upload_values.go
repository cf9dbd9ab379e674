package gateway

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// uploadValue converts the text of an uploaded literal to the Go value of
// the warehouse.Rows contract that Uploads.Add takes. Times without a zone
// are UTC, the zone BigQuery reads a literal in and the one pitgate's
// Snowflake sessions run in. A text this does not read stays inline
// (convertible), so the warehouse can still read it its own way.
func uploadValue(text *string, typ string) (any, error) {
	if text == nil {
		return nil, nil
	}
	s := strings.TrimSpace(*text)
	switch typ {
	case "bool":
		return parseBool(s)
	case "int2", "int4", "int8":
		return strconv.ParseInt(s, 10, 64)
	case "float4", "float8":
		return strconv.ParseFloat(s, 64)
	case "text", "uuid":
		return *text, nil
	case "bytea":
		if h, ok := strings.CutPrefix(s, `\x`); ok {
			return hex.DecodeString(h)
		}
	case "date":
		return time.Parse("2006-01-02", s)
	case "timestamp", "timestamptz":
		return uploadTimestamp(s, typ == "timestamptz")
	}
	return nil, sqlerr.New(sqlerr.InvalidText, "cannot upload %q as %s", s, typ)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "t", "true", "yes", "on", "1":
		return true, nil
	case "f", "false", "no", "off", "0":
		return false, nil
	}
	return false, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type boolean: %q", s)
}

// uploadTimestamp reads the ISO forms of PostgreSQL's timestamp input
// (online_time.go): a zone counts for timestamptz and, as in PostgreSQL,
// is ignored for timestamp; no zone is UTC. 'now' and the like stay
// inline: their value is the warehouse's to pick.
func uploadTimestamp(s string, zoned bool) (time.Time, error) {
	if !strings.HasPrefix(s, "2") && !strings.HasPrefix(s, "1") && !strings.HasPrefix(s, "0") {
		return time.Time{}, sqlerr.New("22007", "cannot upload %q as a timestamp", s)
	}
	t, hasZone, err := parseTimestamp(s, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	if hasZone && !zoned {
		// The wall clock as written, carried in UTC.
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
	}
	return t.UTC(), nil
}

// convertible keeps the lists whose every cell uploadValue reads.
func convertible(ups []*planner.UploadValues) []*planner.UploadValues {
	var out []*planner.UploadValues
	for _, u := range ups {
		if cellsConvert(u) {
			out = append(out, u)
		}
	}
	return out
}

func cellsConvert(u *planner.UploadValues) bool {
	for _, row := range u.Cells {
		for i, text := range row {
			if _, err := uploadValue(text, u.Cols[i].Type); err != nil {
				return false
			}
		}
	}
	return true
}
