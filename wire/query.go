package wire

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"
)

// handleQuery runs a simple-protocol Query through the Session and ends the
// cycle with ReadyForQuery.
func (c *conn) handleQuery(m *pgproto3.Query) error {
	qctx := c.beginQuery()
	w := &resultWriter{c: c, buf: make([]byte, 0, 256)}
	err := c.session.SimpleQuery(qctx, m.String, w)
	w.done = true
	c.endQuery()
	if err != nil {
		if context.Cause(qctx) == ErrServerShutdown {
			shutdown := errAdminShutdown()
			c.sendFatal(shutdown)
			return shutdown
		}
		if err := c.sendError(queryError(qctx, err)); err != nil {
			return err
		}
	}
	return c.sendReady()
}

// resultWriter is the ResultWriter of one Query. It checks the order of the
// calls so that a Handler bug becomes an error, not a stream a client
// misreads.
type resultWriter struct {
	c    *conn
	cols []Column // of the result being written; nil between results
	done bool     // SimpleQuery has returned

	buf    []byte   // the encoded values of the current row, back to back
	ends   []int    // where each value ends in buf
	values [][]byte // the DataRow's values, slices of buf
}

func (w *resultWriter) Describe(cols []Column) error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.cols != nil {
		return newError(codeInternal, "ResultWriter.Describe called twice without Complete")
	}
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, col := range cols {
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(col.Name),
			TableOID:             col.TableOID,
			TableAttributeNumber: col.AttrNum,
			DataTypeOID:          col.TypeOID,
			DataTypeSize:         col.TypeSize,
			TypeModifier:         col.TypeMod,
			Format:               pgproto3.TextFormat,
		}
	}
	w.cols = append(make([]Column, 0, len(cols)), cols...)
	return w.c.send(&pgproto3.RowDescription{Fields: fields})
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
	if err := w.encodeRow(values); err != nil {
		return err
	}
	return w.c.send(&pgproto3.DataRow{Values: w.values})
}

// encodeRow encodes values into w.values. Slices are taken only once buf
// has stopped growing; a NULL stays a nil slice, an empty value does not.
func (w *resultWriter) encodeRow(values []any) error {
	w.buf, w.ends = w.buf[:0], w.ends[:0]
	w.values = w.values[:0]
	for i, v := range values {
		var null bool
		var err error
		w.buf, null, err = appendText(w.c.types, w.buf, w.cols[i].TypeOID, v)
		if err != nil {
			return newError(codeInternal, "column %q: %v", w.cols[i].Name, err)
		}
		end := len(w.buf)
		if null {
			end = -1
		}
		w.ends = append(w.ends, end)
	}
	start := 0
	for _, end := range w.ends {
		if end < 0 {
			w.values = append(w.values, nil)
			continue
		}
		w.values = append(w.values, w.buf[start:end:end])
		start = end
	}
	return nil
}

func (w *resultWriter) Complete(tag string) error {
	if err := w.usable(); err != nil {
		return err
	}
	w.cols = nil
	return w.c.send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
}

func (w *resultWriter) EmptyQuery() error {
	if err := w.usable(); err != nil {
		return err
	}
	return w.c.send(&pgproto3.EmptyQueryResponse{})
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
		return newError(codeInternal, "ResultWriter used after SimpleQuery returned")
	}
	return nil
}
