package gateway

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Text-like values: text, bool, uuid, bytea, json and arrays, as
// PostgreSQL's input functions read them (see online_values.go).

func toText(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999Z07:00"), nil
	}
	return nil, mismatch(v, "text")
}

func toBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "t", "true", "y", "yes", "on", "1":
			return true, nil
		case "f", "false", "n", "no", "off", "0":
			return false, nil
		}
		return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type boolean: %q", x)
	}
	return nil, mismatch(v, "boolean")
}

func toUUID(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, mismatch(v, "uuid")
	}
	h := strings.ToLower(strings.TrimSpace(s))
	h = strings.TrimSuffix(strings.TrimPrefix(h, "{"), "}")
	h = strings.ReplaceAll(h, "-", "")
	if _, err := hex.DecodeString(h); err != nil || len(h) != 32 {
		return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type uuid: %q", s)
	}
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// toBytea reads PostgreSQL's bytea input: \x hex, or the escape format.
func toBytea(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		if h, ok := strings.CutPrefix(x, `\x`); ok {
			b, err := hex.DecodeString(h)
			if err != nil {
				return nil, badValue(sqlerr.InvalidText, "invalid hexadecimal data in bytea: %q", x)
			}
			return b, nil
		}
		return unescapeBytea(x)
	}
	return nil, mismatch(v, "bytea")
}

func unescapeBytea(s string) (any, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(s):
			n, err := strconv.ParseUint(s[i+1:i+4], 8, 8)
			if err != nil {
				return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type bytea")
			}
			out = append(out, byte(n))
			i += 3
		default:
			return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type bytea")
		}
	}
	return out, nil
}

func toJSON(v any, to string) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, mismatch(v, to)
	}
	if !json.Valid([]byte(s)) {
		return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type %s: %q", to, s)
	}
	return s, nil
}

// toArray converts an array value, or PostgreSQL's array text '{1,2}'.
func (ev *evaluator) toArray(v any, elem plan.Type) (any, error) {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case string:
		var err error
		if items, err = parseArrayText(x); err != nil {
			return nil, err
		}
	default:
		return nil, mismatch(v, string(elem)+"[]")
	}
	out := make([]any, len(items))
	for i, it := range items {
		c, err := ev.convert(it, "", elem)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// parseArrayText reads a one-dimensional array literal: {a,"b c",NULL}.
func parseArrayText(s string) ([]any, error) {
	t := strings.TrimSpace(s)
	if len(t) < 2 || t[0] != '{' || t[len(t)-1] != '}' {
		return nil, badValue(sqlerr.InvalidText, "malformed array literal: %q", s)
	}
	body := t[1 : len(t)-1]
	var out []any
	if strings.TrimSpace(body) == "" {
		return out, nil
	}
	var cur strings.Builder
	quoted, inQuotes := false, false
	flush := func() {
		item := cur.String()
		if !quoted {
			item = strings.TrimSpace(item)
		}
		if !quoted && strings.EqualFold(item, "null") {
			out = append(out, nil)
		} else {
			out = append(out, item)
		}
		cur.Reset()
		quoted = false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body):
			i++
			cur.WriteByte(body[i])
		case c == '"':
			inQuotes, quoted = !inQuotes, true
		case c == ',' && !inQuotes:
			flush()
		case c == '{' && !inQuotes:
			return nil, badValue(sqlerr.FeatureNotSupported, "multi-dimensional arrays are not supported: %q", s)
		default:
			cur.WriteByte(c)
		}
	}
	if inQuotes {
		return nil, badValue(sqlerr.InvalidText, "malformed array literal: %q", s)
	}
	flush()
	return out, nil
}
