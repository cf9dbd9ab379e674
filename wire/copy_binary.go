package wire

import (
	"bytes"
	"encoding/binary"
)

// COPY's binary format: the 11-byte PGCOPY signature, flags and header
// extension length (both 0), then per row an int16 field count and per
// field an int32 length (-1 for NULL) and the value in its binary
// encoding (encode_binary.go), and a trailer of int16 -1.

var binarySignature = []byte("PGCOPY\n\xff\r\n\x00")

func appendBinaryHeader(dst []byte) []byte {
	dst = append(dst, binarySignature...)
	return append(dst, 0, 0, 0, 0, 0, 0, 0, 0)
}

func (e *CopyEncoder) binaryRow(dst []byte, values []any) ([]byte, error) {
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(values)))
	for i, v := range values {
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var null bool
		var err error
		dst, null, err = appendBinary(e.types, dst, e.cols[i].TypeOID, v)
		if err != nil {
			return dst, newError(codeInternal, "column %q: %v", e.cols[i].Name, err)
		}
		n := uint32(len(dst) - at - 4)
		if null {
			dst, n = dst[:at+4], 0xffffffff
		}
		binary.BigEndian.PutUint32(dst[at:], n)
	}
	return dst, nil
}

// takeBinaryRow takes the next whole tuple off buf: fields in binary form,
// nil for NULL. ok is false when buf holds no whole tuple yet; end is true
// at the trailer (field count -1). The header is checked first.
func (in *copyIn) takeBinaryRow() (fields [][]byte, ok, end bool, err error) {
	rest := in.buf[in.pos:]
	if !in.headerRead {
		n, err := binaryHeaderLen(rest)
		if n <= 0 || err != nil {
			return nil, false, false, err
		}
		in.pos += n
		in.headerRead = true
		rest = in.buf[in.pos:]
	}
	if len(rest) < 2 {
		return nil, false, false, nil
	}
	count := int16(binary.BigEndian.Uint16(rest))
	if count == -1 {
		in.pos += 2
		return nil, true, true, nil
	}
	if int(count) != len(in.cols) {
		return nil, false, false, newError("22P04", "row field count is %d, expected %d", count, len(in.cols))
	}
	at := 2
	in.fields = in.fields[:0]
	for i := 0; i < int(count); i++ {
		if len(rest) < at+4 {
			return nil, false, false, nil
		}
		n := int32(binary.BigEndian.Uint32(rest[at:]))
		at += 4
		if n < 0 {
			in.fields = append(in.fields, nil)
			continue
		}
		if len(rest) < at+int(n) {
			return nil, false, false, nil
		}
		in.fields = append(in.fields, rest[at:at+int(n):at+int(n)])
		at += int(n)
	}
	in.pos += at
	return in.fields, true, false, nil
}

// binaryHeaderLen is the length of the PGCOPY header at the start of buf,
// 0 while it is incomplete.
func binaryHeaderLen(buf []byte) (int, error) {
	if len(buf) < len(binarySignature)+8 {
		return 0, nil
	}
	if !bytes.Equal(buf[:len(binarySignature)], binarySignature) {
		return 0, newError("22P04", "COPY file signature not recognized")
	}
	ext := int(binary.BigEndian.Uint32(buf[len(binarySignature)+4:]))
	n := len(binarySignature) + 8 + ext
	if ext < 0 || len(buf) < n {
		return 0, nil
	}
	return n, nil
}
