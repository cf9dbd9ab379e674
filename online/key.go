package online

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
)

// Key part type tags. Every integer width shares one tag so that an int4
// column and an int8 parameter name the same entity.
const (
	tagInt    = 'i'
	tagText   = 's'
	tagBytes  = 'b'
	tagBool   = 'o'
	tagTime   = 't'
	tagFloat  = 'f'
	keyFormat = 1
)

// errNullKey marks a key with a NULL part: it names no entity (NULL never
// equals anything), so a read answers not found and a write refuses it.
var errNullKey = sqlerr.New(codeNotNull, "null value in entity key")

// EncodeEntity encodes an entity key unambiguously: a format byte, then
// for each join key its name and its value, both length-prefixed or of
// fixed width, with a type tag. (1,'23') and (12,'3') differ, and so do
// driver_id=1 and customer_id=1: the name is part of the key, so views of
// one entity share it and views of different entities never collide.
func EncodeEntity(v *registry.FeatureView, key Key) ([]byte, error) {
	return appendEntity(make([]byte, 0, 32), v, key)
}

func appendEntity(b []byte, v *registry.FeatureView, key Key) ([]byte, error) {
	names := layoutOf(v).joinKeys
	if len(key) != len(names) {
		return nil, sqlerr.New(sqlerr.InvalidParameter,
			"feature view %s has %d join keys (%v), got %d key values", v.Name, len(names), names, len(key))
	}
	b = append(b, keyFormat)
	for i, part := range key {
		b = binary.AppendUvarint(b, uint64(len(names[i])))
		b = append(b, names[i]...)
		var err error
		if b, err = appendKeyPart(b, part); err != nil {
			if err == errNullKey {
				return nil, sqlerr.New(codeNotNull,
					"null value in column %q of feature view %s: an entity key cannot be NULL", names[i], v.Name)
			}
			return nil, sqlerr.New(codeDatatype, "feature view %s, key %s: %v", v.Name, names[i], err)
		}
	}
	return b, nil
}

func appendKeyPart(b []byte, part any) ([]byte, error) {
	if i, ok, err := asInt64(part); ok || err != nil {
		return appendInt64(append(b, tagInt), i), err
	}
	switch x := part.(type) {
	case nil:
		return nil, errNullKey
	case string:
		b = binary.AppendUvarint(append(b, tagText), uint64(len(x)))
		return append(b, x...), nil
	case []byte:
		b = binary.AppendUvarint(append(b, tagBytes), uint64(len(x)))
		return append(b, x...), nil
	case bool:
		if x {
			return append(b, tagBool, 1), nil
		}
		return append(b, tagBool, 0), nil
	case time.Time:
		return appendInt64(append(b, tagTime), x.UnixMicro()), nil
	case float64:
		return appendUint64(append(b, tagFloat), math.Float64bits(x)), nil
	case float32:
		return appendUint64(append(b, tagFloat), math.Float64bits(float64(x))), nil
	}
	return nil, fmt.Errorf("unsupported key value %T", part)
}

// asInt64 converts any Go integer; ok is false for a non-integer.
func asInt64(v any) (int64, bool, error) {
	switch x := v.(type) {
	case int64:
		return x, true, nil
	case int:
		return int64(x), true, nil
	case int32:
		return int64(x), true, nil
	case int16:
		return int64(x), true, nil
	case int8:
		return int64(x), true, nil
	case uint8:
		return int64(x), true, nil
	case uint16:
		return int64(x), true, nil
	case uint32:
		return int64(x), true, nil
	case uint:
		return asUint(uint64(x))
	case uint64:
		return asUint(x)
	}
	return 0, false, nil
}

func asUint(u uint64) (int64, bool, error) {
	if u > math.MaxInt64 {
		return 0, true, fmt.Errorf("integer %d is out of range for int8", u)
	}
	return int64(u), true, nil
}

// cacheKey is the view name, length-prefixed, then the entity bytes.
func cacheKey(v *registry.FeatureView, key Key) (string, error) {
	var buf [128]byte
	b, err := appendCacheKey(buf[:0], v, key)
	return string(b), err
}

// appendCacheKey appends key's cache key to b (Reader reuses one buffer).
func appendCacheKey(b []byte, v *registry.FeatureView, key Key) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(v.Name)))
	return appendEntity(append(b, v.Name...), v, key)
}
