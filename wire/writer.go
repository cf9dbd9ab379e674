package wire

import "github.com/jackc/pgx/v5/pgproto3"

// resultWriter is the ResultWriter of one Query, or of one Execute of a
// portal. It checks the order of the calls so that a Handler bug becomes an
// error, not a stream a client misreads.
//
// In the simple protocol (portal nil) Describe sends a RowDescription in
// text format. In the extended protocol the client learnt the columns from
// Describe before Execute, so Describe sends nothing: it checks the columns
// against the portal's, or fixes them when the client never asked, and the
// rows are encoded in the formats the portal's Bind chose.
type resultWriter struct {
	c      *conn
	portal *portal
	cols   []Column // of the result being written; nil between results
	fmts   []int16  // the format of each column; nil: all text
	done   bool     // SimpleQuery or Execute has returned
	rows   int      // written in this Execute
	ended  bool     // Complete or EmptyQuery was called in this Execute

	copyOut *copyOut // the COPY TO STDOUT in progress (copy.go)
	copyIn  *copyIn  // the COPY FROM STDIN in progress (copy_in.go)
}

func newResultWriter(c *conn, p *portal) *resultWriter {
	w := &resultWriter{c: c, portal: p}
	if p != nil && p.described {
		w.cols, w.fmts = p.cols, p.fmts
	}
	return w
}

func (w *resultWriter) Describe(cols []Column) error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.portal != nil {
		return w.describePortal(cols)
	}
	if w.cols != nil {
		return newError(codeInternal, "ResultWriter.Describe called twice without Complete")
	}
	w.cols, w.fmts = append(make([]Column, 0, len(cols)), cols...), nil // DescribeBinary may have set fmts
	return w.c.sendRowDescription(cols, nil)
}

// describePortal checks cols against what the client was told, or fixes
// the portal's columns when it was told nothing.
func (w *resultWriter) describePortal(cols []Column) error {
	p := w.portal
	if p.described {
		if !sameColumns(p.cols, cols) {
			return newError(codeInternal, "Portal.Execute described columns other than Portal.Columns")
		}
		return nil
	}
	if err := p.describe(cols); err != nil {
		return err
	}
	w.cols, w.fmts = p.cols, p.fmts
	return nil
}

func (w *resultWriter) Row(values []any) error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.cols == nil {
		return newError(codeInternal, "ResultWriter.Row called before Describe")
	}
	if len(values) != len(w.cols) {
		return newError(codeInternal, "ResultWriter.Row got %d values for %d columns", len(values), len(w.cols))
	}
	if w.portal != nil && w.portal.maxRows > 0 && w.rows >= w.portal.maxRows {
		return newError(codeInternal, "Portal.Execute wrote more than the %d rows Execute asked for", w.portal.maxRows)
	}
	if err := w.sendDataRow(values); err != nil {
		return err
	}
	w.rows++
	return nil
}

func (w *resultWriter) Complete(tag string) error {
	if err := w.end(); err != nil {
		return err
	}
	if err := w.endCopy(); err != nil {
		return err
	}
	w.cols = nil
	return w.c.sendCommandComplete(tag)
}

func (w *resultWriter) EmptyQuery() error {
	if err := w.end(); err != nil {
		return err
	}
	return w.c.send(&pgproto3.EmptyQueryResponse{})
}

// end checks a call that ends a result: in a portal, there is one.
func (w *resultWriter) end() error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.portal != nil && w.ended {
		return newError(codeInternal, "Portal.Execute completed its result twice")
	}
	w.ended = true
	return nil
}

func (w *resultWriter) Notice(message string) error {
	if err := w.usable(); err != nil {
		return err
	}
	return w.c.send(&pgproto3.NoticeResponse{
		Severity:            severityNotice,
		SeverityUnlocalized: severityNotice,
		Code:                codeSuccessfulNotice,
		Message:             message,
	})
}

func (w *resultWriter) ParameterStatus(name, value string) error {
	if err := w.usable(); err != nil {
		return err
	}
	return w.c.send(&pgproto3.ParameterStatus{Name: name, Value: value})
}

func (w *resultWriter) usable() error {
	if w.done {
		return newError(codeInternal, "ResultWriter used after the Session call returned")
	}
	return nil
}

// rowDescription describes cols with one format each (fmts nil: text).
func rowDescription(cols []Column, fmts []int16) *pgproto3.RowDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, col := range cols {
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(col.Name),
			TableOID:             col.TableOID,
			TableAttributeNumber: col.AttrNum,
			DataTypeOID:          col.TypeOID,
			DataTypeSize:         col.TypeSize,
			TypeModifier:         col.TypeMod,
			Format:               formatOf(fmts, i),
		}
	}
	return &pgproto3.RowDescription{Fields: fields}
}

// sameColumns reports whether b describes the columns a does: the same
// count and types (names may be spelt differently by different calls, but
// the client decodes by type).
func sameColumns(a, b []Column) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i].TypeOID != b[i].TypeOID {
			return false
		}
	}
	return true
}
