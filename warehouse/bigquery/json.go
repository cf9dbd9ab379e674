package bigquery

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

// writeJSON writes a contract value of type typ (an element type: arrays
// are []any) as PostgreSQL's to_json would: numbers bare, NaN and
// infinities as strings, bytea as "\x..." hex, times in ISO 8601, json
// values embedded as they are.
func writeJSON(b *strings.Builder, v any, typ string) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			writeJSONString(b, floatText(x))
			return
		}
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case string:
		if typ == "json" || typ == "numeric" {
			b.WriteString(x)
			return
		}
		writeJSONString(b, x)
	case []byte:
		writeJSONString(b, `\x`+hex.EncodeToString(x))
	case time.Time:
		writeJSONString(b, timeJSON(x, typ))
	case warehouse.Interval:
		writeJSONString(b, fmt.Sprintf("%d mons %d days %d us", x.Months, x.Days, x.Micros))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e, typ)
		}
		b.WriteByte(']')
	default:
		writeJSONString(b, fmt.Sprint(v))
	}
}

func floatText(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case x > 0:
		return "Infinity"
	}
	return "-Infinity"
}

// timeJSON is a time value as to_json writes its type.
func timeJSON(t time.Time, typ string) string {
	switch typ {
	case "date":
		return t.Format("2006-01-02")
	case "time":
		return t.Format("15:04:05.999999")
	case "timestamp":
		return t.Format("2006-01-02T15:04:05.999999")
	}
	return t.UTC().Format("2006-01-02T15:04:05.999999") + "+00:00"
}

func writeJSONString(b *strings.Builder, s string) {
	enc, _ := json.Marshal(s) // a string always marshals
	b.Write(enc)
}
