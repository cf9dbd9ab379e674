package postgres

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/warehouse"
)

// PostgreSQL's binary dates and timestamps count from 2000-01-01 UTC.
const pgEpochUnix = 946684800

var be = binary.BigEndian

func wrongLength(typ string, got, want int) error {
	return fmt.Errorf("postgres: %s value of %d bytes, want %d", typ, got, want)
}

func fixed(typ string, src []byte, n int) error {
	if len(src) != n {
		return wrongLength(typ, len(src), n)
	}
	return nil
}

func decodeString(src []byte) (any, error) { return string(src), nil }

func decodeBytea(src []byte) (any, error) { return bytes.Clone(src), nil }

func decodeBool(src []byte) (any, error) {
	if err := fixed("bool", src, 1); err != nil {
		return nil, err
	}
	return src[0] != 0, nil
}

func decodeInt2(src []byte) (any, error) {
	if err := fixed("int2", src, 2); err != nil {
		return nil, err
	}
	return int16(be.Uint16(src)), nil
}

func decodeInt4(src []byte) (any, error) {
	if err := fixed("int4", src, 4); err != nil {
		return nil, err
	}
	return int32(be.Uint32(src)), nil
}

func decodeInt8(src []byte) (any, error) {
	if err := fixed("int8", src, 8); err != nil {
		return nil, err
	}
	return int64(be.Uint64(src)), nil
}

// decodeOID widens the unsigned oid to int8, which holds every value.
func decodeOID(src []byte) (any, error) {
	if err := fixed("oid", src, 4); err != nil {
		return nil, err
	}
	return int64(be.Uint32(src)), nil
}

func decodeFloat4(src []byte) (any, error) {
	if err := fixed("float4", src, 4); err != nil {
		return nil, err
	}
	return math.Float32frombits(be.Uint32(src)), nil
}

func decodeFloat8(src []byte) (any, error) {
	if err := fixed("float8", src, 8); err != nil {
		return nil, err
	}
	return math.Float64frombits(be.Uint64(src)), nil
}

// decodeJSONB drops the binary form's version byte; the rest is the text.
func decodeJSONB(src []byte) (any, error) {
	if len(src) == 0 || src[0] != 1 {
		return nil, fmt.Errorf("postgres: jsonb value without version 1 header")
	}
	return string(src[1:]), nil
}

func decodeUUID(src []byte) (any, error) {
	if err := fixed("uuid", src, 16); err != nil {
		return nil, err
	}
	h := hex.EncodeToString(src)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

func decodeDate(src []byte) (any, error) {
	if err := fixed("date", src, 4); err != nil {
		return nil, err
	}
	switch days := int32(be.Uint32(src)); days {
	case math.MaxInt32:
		return "infinity", nil
	case math.MinInt32:
		return "-infinity", nil
	default:
		return time.Unix(pgEpochUnix+int64(days)*86400, 0).UTC(), nil
	}
}

// decodeTimestamp reads timestamp and timestamptz alike: microseconds from
// the epoch, an instant for timestamptz and the UTC reading of the wall
// clock for timestamp.
func decodeTimestamp(src []byte) (any, error) {
	if err := fixed("timestamp", src, 8); err != nil {
		return nil, err
	}
	switch us := int64(be.Uint64(src)); us {
	case math.MaxInt64:
		return "infinity", nil
	case math.MinInt64:
		return "-infinity", nil
	default:
		secs, frac := us/1e6, us%1e6
		if frac < 0 {
			secs, frac = secs-1, frac+1e6
		}
		return time.Unix(pgEpochUnix+secs, frac*1e3).UTC(), nil
	}
}

// decodeTime is a time of day on 1970-01-01 UTC.
func decodeTime(src []byte) (any, error) {
	if err := fixed("time", src, 8); err != nil {
		return nil, err
	}
	us := int64(be.Uint64(src))
	return time.Unix(us/1e6, (us%1e6)*1e3).UTC(), nil
}

func decodeInterval(src []byte) (any, error) {
	if err := fixed("interval", src, 16); err != nil {
		return nil, err
	}
	return warehouse.Interval{
		Micros: int64(be.Uint64(src)),
		Days:   int32(be.Uint32(src[8:])),
		Months: int32(be.Uint32(src[12:])),
	}, nil
}

// Sign words of the binary numeric form.
const (
	numericNeg    = 0x4000
	numericNaN    = 0xC000
	numericPosInf = 0xD000
	numericNegInf = 0xF000
)

// decodeNumeric prints a binary numeric as PostgreSQL's text output does:
// base-10000 digits, weight of the first, and exactly dscale fraction digits.
func decodeNumeric(src []byte) (any, error) {
	if len(src) < 8 {
		return nil, wrongLength("numeric", len(src), 8)
	}
	ndigits, weight := int(be.Uint16(src)), int(int16(be.Uint16(src[2:])))
	sign, dscale := be.Uint16(src[4:]), int(be.Uint16(src[6:]))
	if len(src) != 8+2*ndigits {
		return nil, wrongLength("numeric", len(src), 8+2*ndigits)
	}
	switch sign {
	case numericNaN:
		return "NaN", nil
	case numericPosInf:
		return "Infinity", nil
	case numericNegInf:
		return "-Infinity", nil
	}
	digit := func(i int) int {
		if i < 0 || i >= ndigits {
			return 0
		}
		return int(be.Uint16(src[8+2*i:]))
	}
	var b strings.Builder
	if sign == numericNeg {
		b.WriteByte('-')
	}
	if weight < 0 {
		b.WriteByte('0')
	}
	for i := 0; i <= weight; i++ {
		if i == 0 {
			b.WriteString(strconv.Itoa(digit(i)))
		} else {
			fmt.Fprintf(&b, "%04d", digit(i))
		}
	}
	if dscale > 0 {
		var frac strings.Builder
		for k := 1; frac.Len() < dscale; k++ {
			fmt.Fprintf(&frac, "%04d", digit(weight+k))
		}
		b.WriteByte('.')
		b.WriteString(frac.String()[:dscale])
	}
	return b.String(), nil
}

// arrayDecoder reads the binary array form: dimensions, then each element
// as a length (-1 for NULL) and its bytes, decoded by elem. A
// one-dimensional array is a []any; more dimensions nest.
func arrayDecoder(elem decoder) decoder {
	return func(src []byte) (any, error) {
		if len(src) < 12 {
			return nil, wrongLength("array", len(src), 12)
		}
		ndim := int(be.Uint32(src))
		if ndim == 0 {
			return []any{}, nil
		}
		if ndim < 0 || ndim > 6 || len(src) < 12+8*ndim {
			return nil, fmt.Errorf("postgres: malformed array header")
		}
		dims := make([]int, ndim)
		for i := range dims {
			dims[i] = int(int32(be.Uint32(src[12+8*i:])))
		}
		r := &elemReader{src: src[12+8*ndim:], elem: elem}
		out, err := r.dimension(dims)
		if err == nil && len(r.src) != 0 {
			err = fmt.Errorf("postgres: %d bytes after the last array element", len(r.src))
		}
		return out, err
	}
}

type elemReader struct {
	src  []byte
	elem decoder
}

func (r *elemReader) dimension(dims []int) ([]any, error) {
	if dims[0] < 0 {
		return nil, fmt.Errorf("postgres: negative array dimension")
	}
	out := make([]any, dims[0])
	for i := range out {
		var err error
		if len(dims) > 1 {
			out[i], err = r.dimension(dims[1:])
		} else {
			out[i], err = r.next()
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *elemReader) next() (any, error) {
	if len(r.src) < 4 {
		return nil, fmt.Errorf("postgres: array element truncated")
	}
	n := int(int32(be.Uint32(r.src)))
	r.src = r.src[4:]
	if n < 0 {
		return nil, nil
	}
	if n > len(r.src) {
		return nil, fmt.Errorf("postgres: array element truncated")
	}
	v, err := r.elem(r.src[:n])
	r.src = r.src[n:]
	return v, err
}
