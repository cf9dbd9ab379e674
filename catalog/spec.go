package catalog

// relSpec is one relation of PostgreSQL 15's pg_catalog or
// information_schema, as pg15_spec.go lists them.
type relSpec struct {
	schema, name string
	oid          uint32
	kind         string // "r" table, "v" view
	reltype      uint32 // the OID of its row type
	cols         []string
}

// typeSpec is one row of PostgreSQL 15's pg_type.
type typeSpec struct {
	oid                          uint32
	name, schema                 string
	len                          int16
	byval                        bool
	typtype, category            string
	preferred                    bool
	delim                        string
	relid                        uint32
	subscript                    string
	elem, array                  uint32
	input, output, receive, send string
	modin, modout, analyze       string
	align, storage               string
	notnull                      bool
	basetype                     uint32
	typmod                       int32
	collation                    uint32
}

// procSpec is one row of PostgreSQL 15's pg_proc.
type procSpec struct {
	oid            uint32
	name           string
	lang           uint32
	kind           string
	strict, retset bool
	volatile       string
	nargs          int16
	rettype        uint32
	argtypes       []uint32
	argnames       []string
	src            string
}
