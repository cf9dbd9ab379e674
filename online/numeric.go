package online

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// numeric's order-preserving encoding: a class byte, then for a finite
// non-zero value 0.DIGITS × 10^EXP its exponent and significant digits
// (all bytes inverted for a negative value, which reverses their order),
// then the display scale (digits after the point), which orders equal
// values of different scale (1.5 before 1.50) and makes the text exact.
const (
	numNegInf byte = iota + 1
	numNeg
	numZero
	numPos
	numPosInf
	numNaN
)

type decimal struct {
	class  byte
	digits string // significant digits, no leading or trailing zeros
	exp    int32  // value is 0.digits × 10^exp
	scale  int
}

func parseDecimal(s string) (decimal, error) {
	switch s {
	case "NaN":
		return decimal{class: numNaN}, nil
	case "Infinity":
		return decimal{class: numPosInf}, nil
	case "-Infinity":
		return decimal{class: numNegInf}, nil
	}
	bad := fmt.Errorf("invalid input syntax for type numeric: %q", s)
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return decimal{}, bad
	}
	mant, exp10 := body, 0
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		e, err := strconv.Atoi(body[i+1:])
		if err != nil || e > 1<<20 || e < -(1<<20) {
			return decimal{}, bad
		}
		mant, exp10 = body[:i], e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	all := intPart + frac
	if all == "" || strings.Trim(all, "0123456789") != "" {
		return decimal{}, bad
	}
	d := decimal{scale: max(0, len(frac)-exp10)}
	trimmed := strings.TrimLeft(all, "0")
	point := len(intPart) + exp10 - (len(all) - len(trimmed))
	d.digits = strings.TrimRight(trimmed, "0")
	switch {
	case d.digits == "":
		d.class = numZero
	case neg:
		d.class = numNeg
	default:
		d.class = numPos
	}
	d.exp = int32(point)
	return d, nil
}

func (d decimal) append(b []byte) []byte {
	b = append(b, d.class)
	if d.class == numPos || d.class == numNeg {
		start := len(b)
		b = binary.BigEndian.AppendUint32(b, uint32(d.exp)^(1<<31))
		b = append(b, d.digits...)
		b = append(b, 0)
		if d.class == numNeg {
			for i := start; i < len(b); i++ {
				b[i] = ^b[i]
			}
		}
	}
	if d.class == numPos || d.class == numNeg || d.class == numZero {
		b = binary.AppendUvarint(b, uint64(d.scale))
	}
	return b
}

func readDecimal(b []byte) (decimal, []byte, error) {
	if len(b) == 0 {
		return decimal{}, nil, errCorrupt
	}
	d := decimal{class: b[0]}
	b = b[1:]
	switch d.class {
	case numNegInf, numPosInf, numNaN:
		return d, b, nil
	case numPos, numNeg:
		var flip byte
		if d.class == numNeg {
			flip = 0xFF
		}
		if len(b) < 4 {
			return decimal{}, nil, errCorrupt
		}
		var e [4]byte
		for i := range e {
			e[i] = b[i] ^ flip
		}
		d.exp = int32(binary.BigEndian.Uint32(e[:]) ^ (1 << 31))
		b = b[4:]
		end := 0
		for end < len(b) && b[end]^flip != 0 {
			end++
		}
		if end == len(b) {
			return decimal{}, nil, errCorrupt
		}
		digits := make([]byte, end)
		for i := range digits {
			digits[i] = b[i] ^ flip
		}
		d.digits, b = string(digits), b[end+1:]
	case numZero:
	default:
		return decimal{}, nil, errCorrupt
	}
	scale, k := binary.Uvarint(b)
	if k <= 0 || scale > 1<<21 {
		return decimal{}, nil, errCorrupt
	}
	d.scale = int(scale)
	return d, b[k:], nil
}

// String prints the decimal as PostgreSQL prints numeric: no exponent,
// exactly scale digits after the point.
func (d decimal) String() string {
	switch d.class {
	case numNaN:
		return "NaN"
	case numPosInf:
		return "Infinity"
	case numNegInf:
		return "-Infinity"
	}
	var intPart, frac string
	switch e := int(d.exp); {
	case d.class == numZero:
		intPart = "0"
	case e <= 0:
		intPart, frac = "0", strings.Repeat("0", -e)+d.digits
	case e >= len(d.digits):
		intPart = d.digits + strings.Repeat("0", e-len(d.digits))
	default:
		intPart, frac = d.digits[:e], d.digits[e:]
	}
	if len(frac) < d.scale {
		frac += strings.Repeat("0", d.scale-len(frac))
	}
	s := intPart
	if frac != "" {
		s += "." + frac
	}
	if d.class == numNeg {
		s = "-" + s
	}
	return s
}
