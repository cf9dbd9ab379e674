package registry

import (
	"fmt"
	"strings"
)

// Type is a feature's PostgreSQL type: a base type name, possibly as a
// one-dimensional array.
type Type struct {
	Base  string
	Array bool
}

// String gives the type as written in the repository, e.g. "float8[]".
func (t Type) String() string {
	if t.Array {
		return t.Base + "[]"
	}
	return t.Base
}

// baseTypes is the closed set of types every dialect knows how to map; an
// alias such as "double precision" is refused so that one type has one name.
var baseTypes = []string{
	"bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text",
	"bytea", "date", "timestamp", "timestamptz", "json", "jsonb", "uuid",
}

// ParseType reads a type name such as "int8" or "float8[]".
func ParseType(s string) (Type, error) {
	base, array := strings.CutSuffix(s, "[]")
	if strings.HasSuffix(base, "[]") {
		return Type{}, fmt.Errorf("type %q: only one-dimensional arrays are supported", s)
	}
	for _, b := range baseTypes {
		if b == base {
			return Type{Base: base, Array: array}, nil
		}
	}
	return Type{}, fmt.Errorf("unknown type %q%s (types: %s, each optionally with [])",
		s, didYouMean(base, baseTypes), strings.Join(baseTypes, " "))
}
