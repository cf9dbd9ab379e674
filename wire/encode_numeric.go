package wire

import "encoding/binary"

// canonicalZeroNumeric rewrites the binary numeric at buf[start:] when it
// is a zero written with digits (pgtype writes 0.0 as one zero digit of
// weight -1): PostgreSQL's numeric_send writes a zero with no digits,
// weight 0 and a positive sign, its display scale kept.
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
	for i := 0; i < n; i++ {
		if binary.BigEndian.Uint16(v[8+2*i:]) != 0 {
			return buf
		}
	}
	binary.BigEndian.PutUint16(v[0:], 0) // ndigits
	binary.BigEndian.PutUint16(v[2:], 0) // weight
	binary.BigEndian.PutUint16(v[4:], 0) // sign
	return buf[:start+8]
}
