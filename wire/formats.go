package wire

import (
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
)

// Format codes of the extended protocol.
const (
	textFormat   = pgproto3.TextFormat
	binaryFormat = pgproto3.BinaryFormat
)

// formatOf is column i's format in fmts; nil means all text.
func formatOf(fmts []int16, i int) int16 {
	if fmts == nil {
		return textFormat
	}
	return fmts[i]
}

// checkFormatCodes refuses a code other than text and binary, as
// PostgreSQL does.
func checkFormatCodes(codes []int16) error {
	for _, c := range codes {
		if c != textFormat && c != binaryFormat {
			return newError(codeInvalidParameter, "unsupported format code: %d", c)
		}
	}
	return nil
}

// expandFormats turns a Bind message's format codes into one per value:
// none means text for all (nil), one applies to all, else one each;
// mismatch makes the error for any other count.
func expandFormats(codes []int16, n int, mismatch func() error) ([]int16, error) {
	switch len(codes) {
	case 0:
		return nil, nil
	case 1:
		if codes[0] == textFormat {
			return nil, nil
		}
		out := make([]int16, n)
		for i := range out {
			out[i] = codes[0]
		}
		return out, nil
	case n:
		return append([]int16(nil), codes...), nil
	}
	return nil, mismatch()
}

// paramFormats is expandFormats for a Bind's parameters, always one code
// per parameter.
func paramFormats(codes []int16, n int) ([]int16, error) {
	fmts, err := expandFormats(codes, n, func() error {
		return newError(codeProtocolViolation, "bind message has %d parameter formats but %d parameters", len(codes), n)
	})
	if err == nil && fmts == nil {
		fmts = make([]int16, n)
	}
	return fmts, err
}

// resultFormats is expandFormats for a portal's result columns.
func resultFormats(codes []int16, n int) ([]int16, error) {
	return expandFormats(codes, n, func() error {
		return newError(codeProtocolViolation, "bind message has %d result formats but query has %d columns", len(codes), n)
	})
}

// appendFormat appends v's encoding for type oid in format to buf and
// reports whether v is NULL.
func appendFormat(types *pgtype.Map, buf []byte, oid uint32, format int16, v any) ([]byte, bool, error) {
	if format == binaryFormat {
		return appendBinary(types, buf, oid, v)
	}
	return appendText(types, buf, oid, v)
}
