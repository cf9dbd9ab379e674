package wire

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"
)

// COPY FROM STDIN: CopyInResponse, then the client's CopyData (rows may
// span messages), ended by CopyDone or CopyFail. The connection goroutine
// reads these messages itself, inside the Session call, as PostgreSQL's
// backend does; Flush and Sync are ignored during the copy, as PostgreSQL
// ignores them for clients that send them without noticing the COPY.

// copyIn is the CopyReader of one COPY FROM STDIN.
type copyIn struct {
	w    *resultWriter
	f    CopyFormat
	cols []Column

	buf      []byte // received and not yet consumed
	pos      int    // start of the unconsumed part of buf
	done     bool   // the client sent CopyDone
	marker   bool   // the \. end marker was read: the rest is ignored
	finished bool   // Next returned io.EOF
	err      error  // sticky: the error Next returned
	line     int64
	// headerRead: the binary format's PGCOPY header was read.
	headerRead bool

	scratch []byte
	fields  [][]byte
}

func (w *resultWriter) CopyIn(cols []Column, f CopyFormat) (CopyReader, error) {
	if err := w.startCopy(); err != nil {
		return nil, err
	}
	if f.Kind < CopyText || f.Kind > CopyBinary {
		return nil, newError(codeInternal, "CopyIn: unknown COPY format %d", f.Kind)
	}
	overall, colFmts := copyResponse(f, len(cols))
	if err := w.c.send(&pgproto3.CopyInResponse{OverallFormat: overall, ColumnFormatCodes: colFmts}); err != nil {
		return nil, err
	}
	if err := w.c.flush(); err != nil {
		return nil, err
	}
	in := &copyIn{w: w, f: f.withDefaults(), cols: append([]Column(nil), cols...)}
	w.copyIn = in
	return in, nil
}

func (in *copyIn) Line() int64 { return in.line }

func (in *copyIn) Next(ctx context.Context) ([][]byte, error) {
	if err := in.w.usable(); err != nil {
		return nil, err
	}
	if in.err != nil {
		return nil, in.err
	}
	fields, err := in.next(ctx)
	if err != nil {
		if err == io.EOF {
			in.finished = true
		}
		in.err = err
	}
	return fields, err
}

func (in *copyIn) next(ctx context.Context) ([][]byte, error) {
	if in.f.Kind == CopyBinary {
		return in.nextBinary(ctx)
	}
	for {
		line, ok, err := in.takeLine()
		if err != nil {
			return nil, err
		}
		if ok {
			in.line++
			if in.line == 1 && in.f.Header {
				continue
			}
			if isEndMarker(line) {
				in.marker = true
				continue
			}
			return in.split(line)
		}
		if in.done {
			return nil, io.EOF
		}
		if err := in.receive(ctx); err != nil {
			return nil, err
		}
	}
}

// nextBinary reads the next tuple of a binary copy; a tuple counts as a line.
func (in *copyIn) nextBinary(ctx context.Context) ([][]byte, error) {
	for {
		if in.marker {
			if in.done {
				return nil, io.EOF
			}
			in.pos = len(in.buf)
		} else {
			fields, ok, end, err := in.takeBinaryRow()
			switch {
			case err != nil:
				return nil, err
			case end:
				in.marker = true
				continue
			case ok:
				in.line++
				return fields, nil
			case in.done && in.pos < len(in.buf):
				return nil, in.badData("unexpected EOF in COPY data")
			case in.done:
				return nil, io.EOF
			case len(in.buf)-in.pos > in.w.c.srv.cfg.MaxMessageSize:
				return nil, newError(codeProgramLimit, "COPY row of more than %d bytes exceeds the server's limit",
					in.w.c.srv.cfg.MaxMessageSize)
			}
		}
		if err := in.receive(ctx); err != nil {
			return nil, err
		}
	}
}

// takeLine takes the next whole line (or row, for CSV) off buf, without
// its line end; after CopyDone a last line needs no newline.
func (in *copyIn) takeLine() ([]byte, bool, error) {
	rest := in.buf[in.pos:]
	if in.marker {
		in.pos = len(in.buf)
		return nil, false, nil
	}
	var end int
	if in.f.Kind == CopyCSV {
		end = csvLineEnd(rest, in.f)
	} else {
		end = textLineEnd(rest)
	}
	switch {
	case end >= 0:
		in.pos += end + 1
		return bytes.TrimSuffix(rest[:end], []byte{'\r'}), true, nil
	case in.done && len(rest) > 0:
		in.pos = len(in.buf)
		return bytes.TrimSuffix(rest, []byte{'\r'}), true, nil
	case len(rest) > in.w.c.srv.cfg.MaxMessageSize:
		return nil, false, newError(codeProgramLimit, "COPY row of more than %d bytes exceeds the server's limit",
			in.w.c.srv.cfg.MaxMessageSize)
	}
	return nil, false, nil
}

func isEndMarker(line []byte) bool { return string(line) == `\.` }

// split parses one line into exactly len(cols) fields.
func (in *copyIn) split(line []byte) ([][]byte, error) {
	in.scratch = in.scratch[:0]
	if in.f.Kind == CopyCSV {
		var ok bool
		in.scratch, in.fields, ok = splitCSVLine(line, in.f, in.scratch, in.fields)
		if !ok {
			return nil, in.badData("unterminated CSV quoted field")
		}
	} else {
		in.scratch, in.fields = splitTextLine(line, in.f, in.scratch, in.fields)
	}
	switch {
	case len(in.fields) > len(in.cols):
		return nil, in.badData("extra data after last expected column")
	case len(in.fields) < len(in.cols):
		return nil, in.badData("missing data for column %q", in.cols[len(in.fields)].Name)
	}
	return in.fields, nil
}

// badData is 22P04 (bad_copy_file_format), as PostgreSQL reports a
// malformed row.
func (in *copyIn) badData(format string, args ...any) error {
	return newError("22P04", format, args...)
}

// receive reads one message of the copy, waiting for the client until ctx
// ends.
func (in *copyIn) receive(ctx context.Context) error {
	c := in.w.c
	undo := c.reader.interruptOn(ctx)
	msg, err := c.backend.Receive()
	undo()
	if err != nil {
		return in.receiveFailed(ctx, err)
	}
	switch m := msg.(type) {
	case *pgproto3.CopyData:
		in.compact()
		in.buf = append(in.buf, m.Data...)
	case *pgproto3.CopyDone:
		in.done = true
	case *pgproto3.CopyFail:
		in.done = true
		return newError(codeQueryCanceled, "COPY from stdin failed: %s", m.Message)
	case *pgproto3.Flush, *pgproto3.Sync:
	default:
		in.done = true
		return newError(codeProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", messageType(msg))
	}
	return nil
}

// receiveFailed turns a failed Receive into the copy's error. A cancel
// leaves the connection usable; anything else ends it, as a broken
// message stream cannot be resumed.
func (in *copyIn) receiveFailed(ctx context.Context, err error) error {
	c := in.w.c
	if errors.Is(err, errInterrupted) {
		return ctx.Err()
	}
	c.receiveFailed(err)
	c.netConn.Close()
	return newError("08006", "COPY from stdin ended: %v", err)
}

// compact drops the consumed part of buf before it grows again.
func (in *copyIn) compact() {
	if in.pos == 0 {
		return
	}
	n := copy(in.buf, in.buf[in.pos:])
	in.buf, in.pos = in.buf[:n], 0
}

// messageType is the type byte of a frontend message, for errors.
func messageType(msg pgproto3.FrontendMessage) byte {
	b, err := msg.Encode(nil)
	if err != nil || len(b) == 0 {
		return 0
	}
	return b[0]
}
