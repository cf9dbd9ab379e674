package wire

import (
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
)

// COPY TO STDOUT: CopyOutResponse, one CopyData per row, CopyDone, then the
// CommandComplete that ResultWriter.Complete sends. The row encodings are
// PostgreSQL's (copy_text.go, copy_csv.go, copy_binary.go): COPY's bytes are
// protocol, so they live here, not with the SQL.

// CopyKind is a COPY format.
type CopyKind int8

const (
	// CopyText is PostgreSQL's text format: tab-separated, backslash escapes, \N for NULL.
	CopyText CopyKind = iota
	// CopyCSV is FORMAT csv.
	CopyCSV
	// CopyBinary is FORMAT binary: the PGCOPY header, length-prefixed binary values.
	CopyBinary
)

// CopyFormat is a COPY statement's format and options. Zero values mean
// PostgreSQL's defaults: delimiter tab (text) or comma (CSV), NULL \N
// (text) or the empty string (CSV, unless HasNull), quote and escape '"'.
type CopyFormat struct {
	Kind      CopyKind
	Delimiter byte
	Null      string
	HasNull   bool // Null was given (it may be "")
	Quote     byte
	Escape    byte
	Header    bool
	// ForceQuote quotes the non-NULL values of the columns it marks
	// (CSV); ForceQuoteAll of every column (FORCE_QUOTE *).
	ForceQuote    []bool
	ForceQuoteAll bool
	// ForceNotNull reads the columns it marks never as NULL: an unquoted
	// field equal to the NULL string is that string (CSV input,
	// FORCE_NOT_NULL). ForceNull reads a quoted field equal to the NULL
	// string as NULL too (FORCE_NULL).
	ForceNotNull, ForceNull []bool
}

// withDefaults fills PostgreSQL's defaults.
func (f CopyFormat) withDefaults() CopyFormat {
	if f.Delimiter == 0 {
		f.Delimiter = '\t'
		if f.Kind == CopyCSV {
			f.Delimiter = ','
		}
	}
	if !f.HasNull {
		f.Null = `\N`
		if f.Kind == CopyCSV {
			f.Null = ""
		}
	}
	if f.Quote == 0 {
		f.Quote = '"'
	}
	if f.Escape == 0 {
		f.Escape = f.Quote
	}
	return f
}

func (f CopyFormat) forceNotNull(i int) bool { return i < len(f.ForceNotNull) && f.ForceNotNull[i] }
func (f CopyFormat) forceNull(i int) bool    { return i < len(f.ForceNull) && f.ForceNull[i] }

func (f CopyFormat) forceQuote(i int) bool {
	return f.ForceQuoteAll || (i < len(f.ForceQuote) && f.ForceQuote[i])
}

// copyResponse is the column formats of a Copy{In,Out}Response.
func copyResponse(f CopyFormat, ncols int) (uint8, []uint16) {
	var code uint16
	if f.Kind == CopyBinary {
		code = 1
	}
	cols := make([]uint16, ncols)
	for i := range cols {
		cols[i] = code
	}
	return uint8(code), cols
}

// CopyEncoder encodes rows in one COPY format, as PostgreSQL 15 does.
type CopyEncoder struct {
	f     CopyFormat
	cols  []Column
	types *pgtype.Map
	val   []byte // one value's text, before escaping
}

// NewCopyEncoder returns an encoder of rows of cols in f; types encodes
// values (pgtype.NewMap() if nil). It lets code outside a connection
// (tests, files) produce the bytes COPY sends.
func NewCopyEncoder(cols []Column, f CopyFormat, types *pgtype.Map) *CopyEncoder {
	if types == nil {
		types = pgtype.NewMap()
	}
	return &CopyEncoder{f: f.withDefaults(), cols: cols, types: types}
}

// Header appends what precedes the first row: the PGCOPY header (binary)
// or the header line (Header in text and CSV).
func (e *CopyEncoder) Header(dst []byte) []byte {
	switch {
	case e.f.Kind == CopyBinary:
		return appendBinaryHeader(dst)
	case !e.f.Header:
		return dst
	}
	for i, c := range e.cols {
		if i > 0 {
			dst = append(dst, e.f.Delimiter)
		}
		if e.f.Kind == CopyCSV {
			dst = appendCSVField(dst, []byte(c.Name), e.f, false, len(e.cols) == 1)
		} else {
			dst = appendTextField(dst, []byte(c.Name), e.f.Delimiter)
		}
	}
	return append(dst, '\n')
}

// Row appends one encoded row.
func (e *CopyEncoder) Row(dst []byte, values []any) ([]byte, error) {
	if len(values) != len(e.cols) {
		return dst, newError(codeInternal, "COPY row has %d values for %d columns", len(values), len(e.cols))
	}
	if e.f.Kind == CopyBinary {
		return e.binaryRow(dst, values)
	}
	for i, v := range values {
		if i > 0 {
			dst = append(dst, e.f.Delimiter)
		}
		var null bool
		var err error
		e.val, null, err = appendText(e.types, e.val[:0], e.cols[i].TypeOID, v)
		if err != nil {
			return dst, newError(codeInternal, "column %q: %v", e.cols[i].Name, err)
		}
		switch {
		case null:
			dst = append(dst, e.f.Null...)
		case e.f.Kind == CopyCSV:
			dst = appendCSVField(dst, e.val, e.f, e.f.forceQuote(i), len(e.cols) == 1)
		default:
			dst = appendTextField(dst, e.val, e.f.Delimiter)
		}
	}
	return append(dst, '\n'), nil
}

// Trailer appends what follows the last row: binary's -1 field count.
func (e *CopyEncoder) Trailer(dst []byte) []byte {
	if e.f.Kind == CopyBinary {
		return append(dst, 0xff, 0xff)
	}
	return dst
}

// copyOut is the CopyWriter of one COPY TO STDOUT.
type copyOut struct {
	w     *resultWriter
	enc   *CopyEncoder
	buf   []byte
	first bool // the header still waits for the first row, as PostgreSQL sends it
}

func (w *resultWriter) CopyOut(cols []Column, f CopyFormat) (CopyWriter, error) {
	if err := w.startCopy(); err != nil {
		return nil, err
	}
	if f.Kind < CopyText || f.Kind > CopyBinary {
		return nil, newError(codeInternal, "CopyOut: unknown COPY format %d", f.Kind)
	}
	overall, colFmts := copyResponse(f, len(cols))
	if err := w.c.send(&pgproto3.CopyOutResponse{OverallFormat: overall, ColumnFormatCodes: colFmts}); err != nil {
		return nil, err
	}
	out := &copyOut{w: w, enc: NewCopyEncoder(append([]Column(nil), cols...), f, w.c.types), first: true}
	out.buf = out.enc.Header(out.buf[:0])
	if f.Kind != CopyBinary && len(out.buf) > 0 {
		// PostgreSQL sends a text or CSV header line as its own CopyData.
		if err := out.send(); err != nil {
			return nil, err
		}
	} else if f.Kind != CopyBinary {
		out.first = false
	}
	w.copyOut = out
	return out, nil
}

func (o *copyOut) Row(values []any) error {
	if err := o.w.usable(); err != nil {
		return err
	}
	if o.w.copyOut != o {
		return newError(codeInternal, "CopyWriter.Row after Complete")
	}
	if !o.first {
		o.buf = o.buf[:0]
	}
	o.first = false
	var err error
	if o.buf, err = o.enc.Row(o.buf, values); err != nil {
		return err
	}
	return o.send()
}

func (o *copyOut) send() error {
	err := o.w.c.send(&pgproto3.CopyData{Data: o.buf})
	o.buf = o.buf[:0]
	return err
}

// finish sends the trailer (with the header, if no row took it) and
// CopyDone.
func (o *copyOut) finish() error {
	if !o.first {
		o.buf = o.buf[:0]
	}
	o.buf = o.enc.Trailer(o.buf)
	if len(o.buf) > 0 {
		if err := o.send(); err != nil {
			return err
		}
	}
	return o.w.c.send(&pgproto3.CopyDone{})
}

// startCopy checks that no result is being written when a COPY starts.
func (w *resultWriter) startCopy() error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.cols != nil || w.copyOut != nil || w.copyIn != nil {
		return newError(codeInternal, "COPY started inside another result")
	}
	if w.portal != nil && w.ended {
		return newError(codeInternal, "Portal.Execute completed its result twice")
	}
	return nil
}

// endCopy ends a COPY in progress before its CommandComplete.
func (w *resultWriter) endCopy() error {
	if out := w.copyOut; out != nil {
		w.copyOut = nil
		return out.finish()
	}
	if in := w.copyIn; in != nil {
		if !in.finished {
			return newError(codeInternal, "ResultWriter.Complete before the COPY data was read to its end")
		}
		w.copyIn = nil
	}
	return nil
}
