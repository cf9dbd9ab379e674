package bigquery

import (
	"context"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.TextLoader = (*session)(nil)

// LoadText appends rows given in PostgreSQL's text form (COPY FROM STDIN)
// with one load job: each value is read as PostgreSQL's input function
// reads that type (textValue), encoded as the JSON the load job takes,
// and spooled before BigQuery sees a byte, so a bad value anywhere loads
// nothing. Columns of the table that cols leaves out load NULL. The job
// uses the table's own schema (tables.get), as an append must.
func (s *session) LoadText(ctx context.Context, name string, cols []string, src warehouse.TextSource) (int64, error) {
	st, err := s.table(name)
	if err != nil {
		return 0, err
	}
	md, err := st.t.Metadata(ctx)
	if err != nil {
		return 0, mapError(ctx, err)
	}
	all, _ := columns(md.Schema)
	encs := make([]encoder, len(all))
	for i, c := range all {
		if _, encs[i], err = loadField(c); err != nil {
			return 0, err
		}
	}
	at, err := columnIndexes(name, all, cols)
	if err != nil {
		return 0, err
	}
	spool, err := os.CreateTemp("", "pitgate-bigquery-temp-*.json")
	if err != nil {
		return 0, sqlerr.Wrap(sqlerr.Internal, err)
	}
	defer func() { _ = spool.Close(); _ = os.Remove(spool.Name()) }()
	w := &rowWriter{src: textRows(src, all, at), cols: all, encs: encs, row: make([]any, len(all))}
	if err := w.writeAll(spool); err != nil {
		return 0, err
	}
	if w.n == 0 {
		return 0, nil
	}
	if err := s.db.runLoad(ctx, st.t, md.Schema, spool, bigquery.WriteAppend); err != nil {
		return 0, err
	}
	st.rows += w.n
	return w.n, nil
}

// columnIndexes is the table column index of each of cols.
func columnIndexes(table string, all []warehouse.Column, cols []string) ([]int, error) {
	at := make([]int, len(cols))
	for i, c := range cols {
		at[i] = -1
		for j, tc := range all {
			if tc.Name == c {
				at[i] = j
			}
		}
		if at[i] < 0 {
			return nil, sqlerr.New(sqlerr.UndefinedColumn, "column %q of relation %q does not exist", c, table)
		}
	}
	return at, nil
}

// textRows reads src's text rows into rows of the table's columns.
func textRows(src warehouse.TextSource, all []warehouse.Column, at []int) warehouse.RowSource {
	text := make([]*string, len(at))
	var line int64
	return func(row []any) (bool, error) {
		clear(text)
		more, err := src(text)
		if err != nil || !more {
			return false, err
		}
		line++
		for i, v := range text {
			if v == nil {
				continue
			}
			c := all[at[i]]
			val, err := textValue(c.Type, *v)
			if err != nil {
				return false, err.WithDetail("column %q of row %d", c.Name, line)
			}
			row[at[i]] = val
		}
		return true, nil
	}
}

// textValue reads s as PostgreSQL reads a literal of typ, into the Go
// value of the warehouse.Rows contract.
func textValue(typ, s string) (any, *sqlerr.Error) {
	t := strings.TrimSpace(s)
	switch typ {
	case "int8":
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, badText(typ, s)
		}
		return n, nil
	case "float8":
		f, err := strconv.ParseFloat(t, 64)
		if err != nil && !isRangeErr(err) {
			return nil, badText(typ, s)
		}
		return f, nil
	case "numeric":
		return t, nil // checked by its encoder
	case "bool":
		return textBool(t, s)
	case "bytea":
		return textBytes(s)
	case "date", "timestamp", "timestamptz", "time":
		return textTime(typ, t, s)
	case "text", "json", "jsonb", "uuid":
		return s, nil
	}
	return nil, sqlerr.New(sqlerr.FeatureNotSupported, "COPY into a BigQuery temporary table's %s column is not supported", typ).
		WithHint("load such columns with INSERT ... SELECT")
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func badText(typ, s string) *sqlerr.Error {
	return sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type %s: %q", typ, s)
}

// textBool is PostgreSQL's boolin: t, true, y, yes, on, 1 and f, false,
// n, no, off, 0, any case, and unique prefixes of the words.
func textBool(t, s string) (any, *sqlerr.Error) {
	l := strings.ToLower(t)
	switch {
	case l == "1" || l == "on" || (l != "" && (strings.HasPrefix("true", l) || strings.HasPrefix("yes", l))):
		return true, nil
	case l == "0" || l == "off" || l == "of" || (l != "" && (strings.HasPrefix("false", l) || strings.HasPrefix("no", l))):
		return false, nil
	}
	return nil, badText("boolean", s)
}

// textBytes is bytea's input: \x and hex digits, or the escape format
// (\\ and \ooo octal).
func textBytes(s string) (any, *sqlerr.Error) {
	if h, ok := strings.CutPrefix(s, `\x`); ok {
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, badText("bytea", s)
		}
		return b, nil
	}
	var out []byte
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
				return nil, badText("bytea", s)
			}
			out = append(out, byte(n))
			i += 3
		default:
			return nil, badText("bytea", s)
		}
	}
	return out, nil
}

// textTime reads date, time, timestamp and timestamptz as PostgreSQL
// prints them (ISO, a space or T between date and time, zone offsets
// +HH, +HH:MM, +HHMM or Z). A timestamptz without an offset is UTC.
func textTime(typ, t, s string) (any, *sqlerr.Error) {
	if len(t) > 10 && t[10] == 'T' {
		t = t[:10] + " " + t[11:]
	}
	var layouts []string
	switch typ {
	case "date":
		layouts = []string{"2006-01-02"}
	case "time":
		layouts = []string{"15:04:05.999999999", "15:04"}
	case "timestamp":
		layouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"}
	case "timestamptz":
		if strings.HasSuffix(t, "Z") {
			t = strings.TrimSuffix(t, "Z") + "+00"
		}
		layouts = []string{"2006-01-02 15:04:05.999999999-07", "2006-01-02 15:04:05.999999999-07:00",
			"2006-01-02 15:04:05.999999999-0700", "2006-01-02 15:04:05.999999999-07:00:00",
			"2006-01-02 15:04:05.999999999", "2006-01-02 15:04-07", "2006-01-02 15:04-07:00", "2006-01-02"}
	}
	for _, l := range layouts {
		if v, err := time.Parse(l, t); err == nil {
			return v.UTC(), nil
		}
	}
	return nil, sqlerr.New("22007", "invalid input syntax for type %s: %q", typ, s)
}
