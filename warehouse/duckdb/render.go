package duckdb

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/warehouse"
)

// render prints a value of a type PostgreSQL has no counterpart for
// (STRUCT, MAP, UNION, lists of lists) the way DuckDB casts it to VARCHAR:
// {'a': 1, 'b': x}, {k=v}, [1, 2]. Struct fields keep their declared order,
// which the driver's map[string]any has lost.
func render(v any, t *duckType) string {
	var b strings.Builder
	writeValue(&b, v, t, false)
	return b.String()
}

func writeValue(b *strings.Builder, v any, t *duckType, nested bool) {
	if v == nil {
		b.WriteString("NULL")
		return
	}
	switch t.name {
	case "STRUCT":
		writeStruct(b, v, t)
	case "MAP":
		writeMap(b, v, t)
	case "UNION":
		writeUnion(b, v, t)
	case "LIST", "ARRAY":
		writeList(b, v, t)
	default:
		writeScalar(b, v, t, nested)
	}
}

func writeStruct(b *strings.Builder, v any, t *duckType) {
	m, ok := v.(map[string]any)
	if !ok {
		fmt.Fprint(b, v)
		return
	}
	b.WriteByte('{')
	for i, f := range t.fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("'" + strings.ReplaceAll(f.name, "'", `\'`) + "': ")
		writeValue(b, m[f.name], f.typ, true)
	}
	b.WriteByte('}')
}

func writeMap(b *strings.Builder, v any, t *duckType) {
	m, ok := v.(duckdb.OrderedMap)
	if !ok {
		fmt.Fprint(b, v)
		return
	}
	keys, values := m.Keys(), m.Values()
	b.WriteByte('{')
	for i := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(b, keys[i], t.key, true)
		b.WriteByte('=')
		writeValue(b, values[i], t.value, true)
	}
	b.WriteByte('}')
}

func writeUnion(b *strings.Builder, v any, t *duckType) {
	u, ok := v.(duckdb.Union)
	if !ok {
		fmt.Fprint(b, v)
		return
	}
	for _, f := range t.fields {
		if f.name == u.Tag {
			writeValue(b, u.Value, f.typ, true)
			return
		}
	}
	fmt.Fprint(b, u.Value)
}

func writeList(b *strings.Builder, v any, t *duckType) {
	list, ok := v.([]any)
	if !ok {
		fmt.Fprint(b, v)
		return
	}
	b.WriteByte('[')
	for i, e := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(b, e, t.elem, true)
	}
	b.WriteByte(']')
}

// writeScalar prints a leaf through the same normalizer as a top-level
// column, so a decimal inside a struct reads 1.50 and a UUID its text.
func writeScalar(b *strings.Builder, v any, t *duckType, nested bool) {
	n := scalarNormalizers[t.name]
	if t.name == "DECIMAL" {
		n = normDecimal
	}
	if n != nil {
		if nv, err := n(v); err == nil {
			v = nv
		}
	}
	text, quotable := scalarText(v, t.name)
	if nested && quotable && t.name != "JSON" {
		text = quoteIfNeeded(text)
	}
	b.WriteString(text)
}

// scalarText prints a normalized leaf; quotable is false for numbers and
// booleans, which DuckDB never quotes.
func scalarText(v any, typeName string) (text string, quotable bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case time.Time:
		return formatTime(x, typeName), true
	case warehouse.Interval:
		return formatInterval(x), true
	case []byte:
		return formatBytes(x), true
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32), false
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), false
	}
	return fmt.Sprint(v), false
}

// quoteIfNeeded quotes a string inside a nested value when it could be
// misread: empty, NULL, padded, or holding a delimiter of the rendering.
func quoteIfNeeded(s string) string {
	needs := s == "" || strings.EqualFold(s, "null") || strings.TrimSpace(s) != s ||
		strings.ContainsAny(s, "'\"\\,[]{}():=\n\t")
	if !needs {
		return s
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func formatTime(t time.Time, typeName string) string {
	switch typeName {
	case "DATE":
		return t.Format("2006-01-02")
	case "TIME":
		return t.Format("15:04:05.999999")
	case "TIMETZ":
		return t.Format("15:04:05.999999-07")
	case "TIMESTAMPTZ":
		return t.UTC().Format("2006-01-02 15:04:05.999999-07")
	case "TIMESTAMP_NS":
		return t.UTC().Format("2006-01-02 15:04:05.999999999")
	}
	return t.UTC().Format("2006-01-02 15:04:05.999999")
}

func formatInterval(i warehouse.Interval) string {
	var parts []string
	if y, m := i.Months/12, i.Months%12; y != 0 || m != 0 {
		if y != 0 {
			parts = append(parts, plural(int64(y), "year"))
		}
		if m != 0 {
			parts = append(parts, plural(int64(m), "month"))
		}
	}
	if i.Days != 0 {
		parts = append(parts, plural(int64(i.Days), "day"))
	}
	if i.Micros != 0 || len(parts) == 0 {
		d := time.Duration(i.Micros) * time.Microsecond
		sign := ""
		if d < 0 {
			sign, d = "-", -d
		}
		h, m, s := int64(d/time.Hour), int64(d%time.Hour/time.Minute), d%time.Minute
		sec := strconv.FormatFloat(s.Seconds(), 'f', -1, 64)
		if s < 10*time.Second {
			sec = "0" + sec
		}
		parts = append(parts, fmt.Sprintf("%s%02d:%02d:%s", sign, h, m, sec))
	}
	return strings.Join(parts, " ")
}

func plural(n int64, unit string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// formatBytes prints printable ASCII as is and other bytes as \xHH, as
// DuckDB prints a BLOB.
func formatBytes(p []byte) string {
	var b strings.Builder
	for _, c := range p {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, `\x%02X`, c)
	}
	return b.String()
}
