package online

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
)

// A blob is one stored row. Its bytes compare in the order of the tie
// rule, so every backend decides "latest wins" with one byte-wise
// comparison:
//
//	format byte (1)
//	event time, µs since 1970, sign-flipped big-endian (8)
//	fingerprint of the view's features (4): a blob written under another
//	  definition of the view decodes as not found
//	created: 00, or 01 and its µs (8)
//	each compared feature in declared order: 00 for NULL, or 01 and its
//	  order-preserving encoding (order.go, numeric.go)
//	then json, jsonb and array features: 00, or 01 and a framed encoding
const blobFormat = 1

func encodeRow(v *registry.FeatureView, l *layout, row Row) ([]byte, error) {
	return appendRow(make([]byte, 0, 16+10*len(row.Values)), v, l, &row)
}

func appendFeature(b []byte, t registry.Type, val any) ([]byte, error) {
	if val == nil {
		return append(b, 0), nil
	}
	b = append(b, 1)
	if !t.Array {
		return appendValue(b, t.Base, val)
	}
	elems, ok := val.([]any)
	if !ok {
		return nil, mismatch(t.String(), val)
	}
	b = appendLen(b, len(elems))
	for _, e := range elems {
		var err error
		if b, err = appendFeature(b, registry.Type{Base: t.Base}, e); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func columnError(v *registry.FeatureView, col string, err error) error {
	code, msg := sqlerr.DataException, err.Error()
	if ve, ok := err.(*valueError); ok {
		code = ve.code
	}
	return sqlerr.New(code, "feature view %s, column %s: %s", v.Name, col, msg)
}

// decodeBlob reads a stored row; ok is false for a blob of another
// definition of the view.
func decodeBlob(v *registry.FeatureView, l *layout, b []byte) (Result, bool, error) {
	if len(b) < 14 || b[0] != blobFormat {
		return Result{}, false, corrupt(v)
	}
	micros, rest, _ := readInt64(b[1:])
	if binary.BigEndian.Uint32(rest) != l.fingerprint {
		return Result{}, false, nil
	}
	rest = rest[4:]
	switch {
	case len(rest) > 0 && rest[0] == 0:
		rest = rest[1:]
	case len(rest) >= 9 && rest[0] == 1:
		rest = rest[9:]
	default:
		return Result{}, false, corrupt(v)
	}
	r := Result{Found: true, EventTS: time.UnixMicro(micros).UTC(), Values: make([]any, len(v.Features))}
	for _, i := range l.order {
		var err error
		if r.Values[i], rest, err = readFeature(rest, v.Features[i].Type); err != nil {
			return Result{}, false, corrupt(v)
		}
	}
	if len(rest) != 0 {
		return Result{}, false, corrupt(v)
	}
	return r, true, nil
}

func readFeature(b []byte, t registry.Type) (any, []byte, error) {
	if len(b) == 0 {
		return nil, nil, errCorrupt
	}
	if b[0] == 0 {
		return nil, b[1:], nil
	}
	if b[0] != 1 {
		return nil, nil, errCorrupt
	}
	if !t.Array {
		return readValue(b[1:], t.Base)
	}
	n, rest, err := readLen(b[1:])
	if err != nil {
		return nil, nil, err
	}
	elems := make([]any, n)
	for i := range elems {
		if elems[i], rest, err = readFeature(rest, registry.Type{Base: t.Base}); err != nil {
			return nil, nil, err
		}
	}
	return elems, rest, nil
}

func corrupt(v *registry.FeatureView) error {
	return sqlerr.New(sqlerr.Internal, "online store: a stored row of feature view %s is corrupt", v.Name).
		WithHint("re-materialize the view: %s", fmt.Sprintf("pitgate materialize --views %s", v.Name))
}
