package wire

import (
	"encoding/binary"
	"math"
)

// The hot path's messages, encoded by hand into the connection's scratch
// buffer: a DataRow's values are encoded straight into the message (no
// per-row value slices, no message value on the heap), and the
// CommandComplete and ReadyForQuery of every cycle cost no allocation.
// Each reaches the socket with the rest of its cycle at ReadyForQuery's
// flush (conn.sendReady), or when the write buffer fills.

// sendDataRow encodes values, one per column of w, as a DataRow.
func (w *resultWriter) sendDataRow(values []any) error {
	c := w.c
	msg := append(c.scratch[:0], 'D', 0, 0, 0, 0)
	msg = binary.BigEndian.AppendUint16(msg, uint16(len(values)))
	for i, v := range values {
		at := len(msg)
		msg = append(msg, 0, 0, 0, 0)
		out, null, err := appendFormat(c.types, msg, w.cols[i].TypeOID, formatOf(w.fmts, i), v)
		if err != nil {
			c.keepScratch(msg)
			return newError(codeInternal, "column %q: %v", w.cols[i].Name, err)
		}
		if null {
			msg = binary.BigEndian.AppendUint32(msg[:at], 0xFFFFFFFF) // length -1: NULL
			continue
		}
		msg = out
		binary.BigEndian.PutUint32(msg[at:], uint32(len(msg)-at-4))
	}
	binary.BigEndian.PutUint32(msg[1:], uint32(len(msg)-1))
	return c.sendRaw(msg)
}

// sendCommandComplete sends CommandComplete with tag.
func (c *conn) sendCommandComplete(tag string) error {
	msg := append(c.scratch[:0], 'C', 0, 0, 0, 0)
	msg = append(append(msg, tag...), 0)
	binary.BigEndian.PutUint32(msg[1:], uint32(len(msg)-1))
	return c.sendRaw(msg)
}

// sendReadyForQuery sends ReadyForQuery with the transaction status.
func (c *conn) sendReadyForQuery(status byte) error {
	return c.sendRaw(append(c.scratch[:0], 'Z', 0, 0, 0, 5, status))
}

// sendRaw queues an encoded message, keeping its buffer for the next.
func (c *conn) sendRaw(msg []byte) error {
	c.keepScratch(msg)
	_, err := c.bw.Write(msg)
	return err
}

func (c *conn) keepScratch(buf []byte) {
	if cap(buf) <= maxKeptScratch {
		c.scratch = buf[:0]
	}
}

// sendRowDescription sends a RowDescription of cols in formats fmts (nil:
// all text), encoded as rowDescription's message would be but with no
// message value and no per-field copies: libpq's prepared clients (psql,
// pgbench -M prepared, psqlODBC) Describe the portal of every Execute.
func (c *conn) sendRowDescription(cols []Column, fmts []int16) error {
	if len(cols) > math.MaxUint16 {
		return newError(codeInternal, "encode RowDescription: %d columns is too many", len(cols))
	}
	msg := append(c.scratch[:0], 'T', 0, 0, 0, 0)
	msg = binary.BigEndian.AppendUint16(msg, uint16(len(cols)))
	for i := range cols {
		col := &cols[i]
		msg = append(append(msg, col.Name...), 0)
		msg = binary.BigEndian.AppendUint32(msg, col.TableOID)
		msg = binary.BigEndian.AppendUint16(msg, col.AttrNum)
		msg = binary.BigEndian.AppendUint32(msg, col.TypeOID)
		msg = binary.BigEndian.AppendUint16(msg, uint16(col.TypeSize))
		msg = binary.BigEndian.AppendUint32(msg, uint32(col.TypeMod))
		msg = binary.BigEndian.AppendUint16(msg, uint16(formatOf(fmts, i)))
	}
	binary.BigEndian.PutUint32(msg[1:], uint32(len(msg)-1))
	return c.sendRaw(msg)
}
