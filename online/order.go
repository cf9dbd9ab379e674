package online

import (
	"encoding/binary"
	"errors"
	"math"
)

// Order-preserving encodings: for two values a < b of one type, enc(a) <
// enc(b) byte-wise, and no encoding is a prefix of another of the same
// type, so concatenations compare field by field. Each is lossless.

var errCorrupt = errors.New("online: stored value is corrupt")

func appendUint64(b []byte, u uint64) []byte { return binary.BigEndian.AppendUint64(b, u) }

// appendInt64 flips the sign bit: negative numbers then sort first.
func appendInt64(b []byte, i int64) []byte { return appendUint64(b, uint64(i)^(1<<63)) }

func readInt64(b []byte) (int64, []byte, error) {
	if len(b) < 8 {
		return 0, nil, errCorrupt
	}
	return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)), b[8:], nil
}

// appendFloat64 orders floats by IEEE 754 totalOrder (-NaN < -Inf < ... <
// -0 < +0 < ... < +Inf < +NaN) and keeps every bit, NaN payloads included.
func appendFloat64(b []byte, f float64) []byte {
	u := math.Float64bits(f)
	if u&(1<<63) != 0 {
		u = ^u
	} else {
		u |= 1 << 63
	}
	return appendUint64(b, u)
}

func readFloat64(b []byte) (float64, []byte, error) {
	if len(b) < 8 {
		return 0, nil, errCorrupt
	}
	u := binary.BigEndian.Uint64(b)
	if u&(1<<63) != 0 {
		u &^= 1 << 63
	} else {
		u = ^u
	}
	return math.Float64frombits(u), b[8:], nil
}

func appendFloat32(b []byte, f float32) []byte {
	u := math.Float32bits(f)
	if u&(1<<31) != 0 {
		u = ^u
	} else {
		u |= 1 << 31
	}
	return binary.BigEndian.AppendUint32(b, u)
}

func readFloat32(b []byte) (float32, []byte, error) {
	if len(b) < 4 {
		return 0, nil, errCorrupt
	}
	u := binary.BigEndian.Uint32(b)
	if u&(1<<31) != 0 {
		u &^= 1 << 31
	} else {
		u = ^u
	}
	return math.Float32frombits(u), b[4:], nil
}

// appendBytes escapes 0x00 as 00 FF and ends with 00 01: byte-wise order
// of the contents (a prefix sorts first), never a prefix of another.
func appendBytes(b []byte, s []byte) []byte {
	for _, c := range s {
		if c == 0 {
			b = append(b, 0, 0xFF)
			continue
		}
		b = append(b, c)
	}
	return append(b, 0, 1)
}

func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b = append(b, 0, 0xFF)
			continue
		}
		b = append(b, s[i])
	}
	return append(b, 0, 1)
}

func readBytes(b []byte) ([]byte, []byte, error) {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != 0 {
			out = append(out, b[i])
			continue
		}
		if i+1 >= len(b) {
			return nil, nil, errCorrupt
		}
		switch b[i+1] {
		case 0xFF:
			out = append(out, 0)
			i++
		case 1:
			if out == nil {
				out = []byte{}
			}
			return out, b[i+2:], nil
		default:
			return nil, nil, errCorrupt
		}
	}
	return nil, nil, errCorrupt
}

// appendLen and readLen frame values that are not compared (json, arrays).
func appendLen(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

func readLen(b []byte) (int, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return 0, nil, errCorrupt
	}
	return int(n), b[k:], nil
}
