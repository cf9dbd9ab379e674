package gateway

import "strings"

// typeOIDs maps PostgreSQL type names to their OIDs and sizes, for
// RowDescription.
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

// typeOID returns the OID and size of a type name, text for unknown ones.
func typeOID(name string) (uint32, int16) {
	name = strings.ToLower(name)
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = name[:i] + name[strings.IndexByte(name, ')')+1:]
	}
	if t, ok := typeOIDs[name]; ok {
		return t.oid, t.size
	}
	return 25, -1
}
