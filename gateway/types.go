package gateway

import (
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// typeOIDs maps PostgreSQL type names to their OIDs and sizes, for
// RowDescription and ParameterDescription.
var typeOIDs = map[string]struct {
	oid  uint32
	size int16
}{
	"bool": {16, 1}, "bytea": {17, -1}, "int8": {20, 8}, "int2": {21, 2}, "int4": {23, 4},
	"text": {25, -1}, "oid": {26, 4}, "json": {114, -1}, "float4": {700, 4}, "float8": {701, 8},
	"varchar": {1043, -1}, "bpchar": {1042, -1}, "date": {1082, 4}, "time": {1083, 8},
	"timestamp": {1114, 8}, "timestamptz": {1184, 8}, "interval": {1186, 16}, "numeric": {1700, -1},
	"uuid": {2950, 16}, "jsonb": {3802, -1}, "name": {19, 64}, "char": {18, 1},
	"bool[]": {1000, -1}, "bytea[]": {1001, -1}, "int2[]": {1005, -1}, "int4[]": {1007, -1},
	"text[]": {1009, -1}, "varchar[]": {1015, -1}, "int8[]": {1016, -1}, "float4[]": {1021, -1},
	"float8[]": {1022, -1}, "timestamp[]": {1115, -1}, "date[]": {1182, -1},
	"timestamptz[]": {1185, -1}, "numeric[]": {1231, -1}, "uuid[]": {2951, -1}, "json[]": {199, -1},
	"jsonb[]": {3807, -1}, "interval[]": {1187, -1},
}

// typeNames is typeOIDs inverted, for the parameter types clients send.
var typeNames = func() map[uint32]plan.Type {
	out := map[uint32]plan.Type{}
	for name, t := range typeOIDs {
		out[t.oid] = plan.Type(name)
	}
	return out
}()

// typeOID returns the OID and size of a type name, text for unknown ones.
func typeOID(name string) (uint32, int16) {
	oid, size, ok := lookupType(name)
	if !ok {
		return 25, -1
	}
	return oid, size
}

// lookupType returns the OID and size of a type name, its modifiers
// ignored ("numeric(10,2)" is numeric), and whether the name is known.
func lookupType(name string) (uint32, int16, bool) {
	base, _, _ := strings.Cut(strings.ToLower(name), "(")
	if i := strings.IndexByte(name, ')'); i >= 0 {
		base += strings.ToLower(name[i+1:])
	}
	t, ok := typeOIDs[strings.TrimSpace(base)]
	return t.oid, t.size, ok
}

// typeMod is the type modifier PostgreSQL reports in RowDescription for a
// type with modifiers: numeric(p,s), varchar(n), bpchar(n), timestamp(p),
// ...; -1 for none.
func typeMod(name plan.Type) int32 {
	s := strings.ToLower(string(name))
	open, end := strings.IndexByte(s, '('), strings.IndexByte(s, ')')
	if open < 0 || end < open || strings.HasSuffix(s, "[]") {
		return -1
	}
	var mods []int
	for _, m := range strings.Split(s[open+1:end], ",") {
		n, err := strconv.Atoi(strings.TrimSpace(m))
		if err != nil {
			return -1
		}
		mods = append(mods, n)
	}
	switch base := strings.TrimSpace(s[:open]); {
	case base == "numeric" && len(mods) == 2:
		return int32(mods[0]<<16|mods[1]) + 4
	case base == "numeric" && len(mods) == 1:
		return int32(mods[0]<<16) + 4
	case (base == "varchar" || base == "bpchar" || base == "char") && len(mods) == 1:
		return int32(mods[0]) + 4
	case (base == "timestamp" || base == "timestamptz" || base == "time") && len(mods) == 1:
		return int32(mods[0])
	}
	return -1
}
