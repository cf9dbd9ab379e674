package postgres

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.TextLoader = (*session)(nil)

// LoadText appends rows with COPY FROM STDIN in text format: each value
// goes through its column type's input function, the same one that reads
// a quoted literal cast to that type, so uploaded entity rows hold exactly
// what the inline VALUES list would have. One statement: all rows or none.
func (s *session) LoadText(ctx context.Context, name string, cols []string, src warehouse.TextSource) (int64, error) {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	stmt := "COPY " + quoteName(s.TempPath(name)) + " (" + strings.Join(quoted, ", ") + ") FROM STDIN"
	r := &copyTextReader{src: src, row: make([]*string, len(cols))}
	tag, err := s.conn.Conn().PgConn().CopyFrom(ctx, r, stmt)
	if err != nil {
		if r.err != nil {
			return 0, mapError(ctx, r.err)
		}
		return 0, rowError(name, err, withoutPosition(mapError(ctx, err)))
	}
	return tag.RowsAffected(), nil
}

// rowError is err as a warehouse.LoadError when PostgreSQL's CONTEXT
// names the line (of our stream: one row a line) it failed at: "COPY t,
// line 3, column ts: "x"", "COPY t, line 3, column ts: null input" or
// "COPY t, line 3: "..."".
func rowError(name string, raw, mapped error) error {
	var pe *pgconn.PgError
	if !errors.As(raw, &pe) {
		return mapped
	}
	rest, ok := strings.CutPrefix(pe.Where, "COPY "+name+", line ")
	if !ok {
		return mapped
	}
	digits := rest
	if i := strings.IndexAny(rest, ",:"); i >= 0 {
		digits, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	row, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return mapped
	}
	le := &warehouse.LoadError{Row: row, Err: mapped}
	if col, ok := strings.CutPrefix(rest, ", column "); ok {
		le.Column, le.Value = col, ""
		if c, v, found := strings.Cut(col, ": "); found {
			le.Column, le.Value = c, v
		}
	}
	return le
}

// copyTextReader encodes rows of a TextSource as COPY text lines, about
// 64 kB at a time, as pgconn reads them.
type copyTextReader struct {
	src  warehouse.TextSource
	row  []*string
	buf  bytes.Buffer
	done bool
	err  error
}

func (r *copyTextReader) Read(p []byte) (int, error) {
	for r.buf.Len() == 0 {
		if r.done {
			return 0, io.EOF
		}
		if err := r.fill(); err != nil {
			r.err = err
			return 0, err
		}
	}
	return r.buf.Read(p)
}

func (r *copyTextReader) fill() error {
	for r.buf.Len() < 64<<10 {
		clear(r.row)
		more, err := r.src(r.row)
		if err != nil {
			return err
		}
		if !more {
			r.done = true
			return nil
		}
		for i, v := range r.row {
			if i > 0 {
				r.buf.WriteByte('\t')
			}
			if v == nil {
				r.buf.WriteString(`\N`)
				continue
			}
			copyTextEscape(&r.buf, *v)
		}
		r.buf.WriteByte('\n')
	}
	return nil
}

// copyTextEscape writes s as a COPY text field: backslash, tab, newline
// and carriage return escaped.
func copyTextEscape(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
}
