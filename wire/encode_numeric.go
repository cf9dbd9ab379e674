package wire

import "encoding/binary"

// canonicalZeroNumeric rewrites the binary numeric at buf[start:] into
// the form PostgreSQL's numeric_send writes (its digits stripped, as
// strip_var leaves them): pgtype writes trailing zero base-10000 digits
// (3.0 as the digits 3, 0) that PostgreSQL drops, keeping the display
// scale, and writes 0.0 as one zero digit of weight -1 where PostgreSQL
// writes a zero with no digits, weight 0 and a positive sign.
func canonicalZeroNumeric(buf []byte, start int) []byte {
	v := buf[start:]
	if len(v) < 8 {
		return buf
	}
	n := int(binary.BigEndian.Uint16(v[0:]))
	sign := binary.BigEndian.Uint16(v[4:])
	if n == 0 || (sign != 0 && sign != 0x4000) || len(v) != 8+2*n {
		return buf
	}
	last := n
	for last > 0 && binary.BigEndian.Uint16(v[8+2*(last-1):]) == 0 {
		last--
	}
	if last == 0 {
		binary.BigEndian.PutUint16(v[0:], 0) // ndigits
		binary.BigEndian.PutUint16(v[2:], 0) // weight
		binary.BigEndian.PutUint16(v[4:], 0) // sign
		return buf[:start+8]
	}
	first := 0
	for binary.BigEndian.Uint16(v[8+2*first:]) == 0 {
		first++
	}
	if first == 0 && last == n {
		return buf
	}
	weight := int16(binary.BigEndian.Uint16(v[2:])) - int16(first)
	copy(v[8:], v[8+2*first:8+2*last])
	binary.BigEndian.PutUint16(v[0:], uint16(last-first))
	binary.BigEndian.PutUint16(v[2:], uint16(weight))
	return buf[:start+8+2*(last-first)]
}

// canonicalNumericArray rewrites each element of the binary numeric[] at
// buf[start:] as canonicalZeroNumeric does.
func canonicalNumericArray(buf []byte, start int) []byte {
	v := buf[start:]
	if len(v) < 12 {
		return buf
	}
	ndim := int(binary.BigEndian.Uint32(v[0:]))
	head := 12 + 8*ndim
	if ndim < 0 || len(v) < head {
		return buf
	}
	out := append([]byte(nil), v[:head]...)
	for rest := v[head:]; len(rest) >= 4; {
		n := int32(binary.BigEndian.Uint32(rest))
		if n < 0 {
			out, rest = append(out, rest[:4]...), rest[4:]
			continue
		}
		if int(n) > len(rest)-4 {
			return buf
		}
		at := len(out)
		out = append(out, rest[:4+n]...)
		out = canonicalZeroNumeric(out, at+4)
		binary.BigEndian.PutUint32(out[at:], uint32(len(out)-at-4))
		rest = rest[4+n:]
	}
	return append(buf[:start], out...)
}
