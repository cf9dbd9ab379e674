package catalog

import (
	"fmt"
	"hash/fnv"
)

// firstUserOID is PostgreSQL's FirstNormalObjectId: OIDs below it belong to
// the built-in catalog.
const firstUserOID = 16384

// Fixed OIDs of objects PostgreSQL creates at initdb, kept so that clients'
// hard-coded comparisons (nspname 'pg_catalog' = 11, datdba = 10) hold.
const (
	oidPgCatalog     = 11
	oidPublic        = 2200
	oidBootstrapRole = 10
	oidDatabaseOwner = 6171 // pg_database_owner, public's owner since PostgreSQL 15
	oidPgClass       = 1259 // classoid of relation comments
	oidPgNamespace   = 2615 // classoid of schema comments
	oidPgType        = 1247
	oidPgProc        = 1255
	oidDefaultColl   = 100
	oidHeapAM        = 2
	oidDefaultTblspc = 1663
	oidGlobalTblspc  = 1664
	utf8Encoding     = 6
)

// oids hands out stable OIDs: FNV-1a of "kind:name" mapped into
// [firstUserOID, 2^32). A collision is resolved by hashing again with a
// counter; callers allocate in a fixed (sorted) order so that the outcome is
// the same on every build.
type oids struct {
	used map[uint32]string
}

func newOIDs() *oids { return &oids{used: map[uint32]string{}} }

// reserve marks a built-in OID as taken.
func (o *oids) reserve(oid uint32, what string) { o.used[oid] = what }

// of returns the OID of the object kind:name.
func (o *oids) of(kind, name string) uint32 {
	key := kind + ":" + name
	for i := 0; ; i++ {
		h := fnv.New32a()
		h.Write([]byte(key))
		if i > 0 {
			fmt.Fprintf(h, "#%d", i)
		}
		oid := firstUserOID + h.Sum32()%(1<<32-firstUserOID)
		if prev, taken := o.used[oid]; !taken || prev == key {
			o.used[oid] = key
			return oid
		}
	}
}
