package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// row is one catalog row by column name; columns left out are NULL, or
// their type's zero value when the column is NOT NULL.
type row map[string]any

// content holds the rows of every filled catalog table, by schema.table.
type content map[string][]row

func (c content) add(table string, r row) { c[table] = append(c[table], r) }

// fill makes the rows of every table that has any.
func (o *objects) fill() content {
	c := content{}
	o.fillNamespaces(c)
	o.fillRelations(c)
	o.fillTypes(c)
	o.fillRoles(c)
	fillFixed(c)
	o.fillDatabase(c, o.oids.of("database", Database))
	o.fillProcs(c)
	o.fillInformationSchema(c)
	o.fillHelpers(c)
	return c
}

// schemaComments are PostgreSQL's own, and pitgate's for its schemas.
var schemaComments = map[string]string{
	"pg_catalog":   "system catalog schema",
	publicSchema:   "standard public schema",
	featuresSchema: "Feature views and feature services of the registry",
	onlineSchema:   "Latest feature values per entity key, served from the online store",
}

func (o *objects) schemaNames() []string {
	names := make([]string, 0, len(o.schemas))
	for n := range o.schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (o *objects) fillNamespaces(c content) {
	for _, name := range o.schemaNames() {
		oid := o.schemas[name]
		ns := row{"oid": oid, "nspname": name, "nspowner": oidBootstrapRole}
		if name == publicSchema {
			// As PostgreSQL 15 creates it.
			ns["nspowner"] = oidDatabaseOwner
			ns["nspacl"] = []string{"pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"}
		}
		c.add("pg_catalog.pg_namespace", ns)
		if d := schemaComments[name]; d != "" {
			c.add("pg_catalog.pg_description", row{"objoid": oid, "classoid": oidPgNamespace, "objsubid": 0, "description": d})
		}
	}
}

func (o *objects) fillRelations(c content) {
	for _, r := range o.rels {
		c.add("pg_catalog.pg_class", o.classRow(r))
		if r.comment != "" {
			c.add("pg_catalog.pg_description", row{"objoid": r.oid, "classoid": oidPgClass, "objsubid": 0, "description": r.comment})
		}
		for i, col := range r.cols {
			c.add("pg_catalog.pg_attribute", o.attributeRow(r, i+1, col))
			if col.comment != "" {
				c.add("pg_catalog.pg_description", row{"objoid": r.oid, "classoid": oidPgClass, "objsubid": i + 1, "description": col.comment})
			}
		}
		if r.kind == "v" && !r.builtin {
			c.add("pghelp.viewdefs", row{"oid": r.oid, "definition": r.def})
		}
	}
}

func (o *objects) classRow(r *relation) row {
	table := r.kind == "r"
	am, filenode, replident := uint32(0), uint32(0), "n"
	if table {
		am, filenode, replident = oidHeapAM, r.oid, "d"
	}
	return row{
		"oid": r.oid, "relname": r.name, "relnamespace": o.schemas[r.schema], "reltype": r.reltype,
		"relowner": o.roles[r.owner], "relam": am, "relfilenode": filenode, "reltuples": float32(-1),
		"relpersistence": "p", "relkind": r.kind, "relnatts": len(r.cols), "relhasrules": !table,
		"relispopulated": true, "relreplident": replident,
	}
}

func (o *objects) attributeRow(r *relation, num int, col column) row {
	t := o.types.byOID[col.typ.oid]
	ndims := 0
	if t.isArray() {
		ndims = 1
	}
	coll := uint32(0)
	if t.collation != 0 {
		coll = t.collation
	}
	return row{
		"attrelid": r.oid, "attname": col.name, "atttypid": col.typ.oid, "attstattarget": -1,
		"attlen": t.len, "attnum": num, "attndims": ndims, "attcacheoff": -1, "atttypmod": col.typ.typmod,
		"attbyval": t.byval, "attalign": t.align, "attstorage": t.storage, "attcompression": "",
		"attnotnull": col.notnull, "attidentity": "", "attgenerated": "", "attislocal": true,
		"attcollation": coll,
	}
}

func (o *objects) fillTypes(c content) {
	for _, t := range pg15Types {
		c.add("pg_catalog.pg_type", typeRow(t, o.schemas[t.schema]))
		c.add("pghelp.format", o.formatRow(t.oid))
	}
	for _, r := range o.rels {
		if _, ok := o.types.byOID[r.reltype]; ok {
			continue
		}
		rowtype := typeSpec{oid: r.reltype, name: r.name, schema: r.schema, len: -1, typtype: "c", category: "C",
			delim: ",", relid: r.oid, subscript: "-", input: "record_in", output: "record_out",
			receive: "record_recv", send: "record_send", modin: "-", modout: "-", analyze: "-",
			align: "d", storage: "x", typmod: -1}
		c.add("pg_catalog.pg_type", typeRow(rowtype, o.schemas[r.schema]))
	}
}

func typeRow(t typeSpec, namespace uint32) row {
	return row{
		"oid": t.oid, "typname": t.name, "typnamespace": namespace, "typowner": oidBootstrapRole,
		"typlen": t.len, "typbyval": t.byval, "typtype": t.typtype, "typcategory": t.category,
		"typispreferred": t.preferred, "typisdefined": true, "typdelim": t.delim, "typrelid": t.relid,
		"typsubscript": t.subscript, "typelem": t.elem, "typarray": t.array, "typinput": t.input,
		"typoutput": t.output, "typreceive": t.receive, "typsend": t.send, "typmodin": t.modin,
		"typmodout": t.modout, "typanalyze": t.analyze, "typalign": t.align, "typstorage": t.storage,
		"typnotnull": t.notnull, "typbasetype": t.basetype, "typtypmod": t.typmod, "typndims": 0,
		"typcollation": t.collation,
	}
}

// formatRow is what the format_type macro prints for oid (see types.go).
func (o *objects) formatRow(oid uint32) row {
	t := o.types.byOID[oid]
	suffix := ""
	base := t
	if t.isArray() {
		base, suffix = o.types.byOID[t.elem], "[]"
	}
	prefix, baseSuffix := o.types.formatParts(base)
	return row{
		"oid": oid, "plain": o.types.format(oid, noTypmod), "given": o.types.format(oid, -1),
		"modkind": o.types.modKind(oid), "modprefix": prefix, "modsuffix": baseSuffix + suffix,
	}
}

// fillRoles lists the role pitgate and one role per registry owner (which
// cannot log in: it owns, as a group role would).
func (o *objects) fillRoles(c content) {
	names := make([]string, 0, len(o.roles))
	for n := range o.roles {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		c.add("pg_catalog.pg_authid", row{
			"oid": o.roles[name], "rolname": name, "rolinherit": name != databaseOwner, "rolcanlogin": name == Role,
			"rolconnlimit": -1,
		})
	}
}

// fillFixed adds the rows PostgreSQL 15 has in every database and pitgate
// keeps: access methods, languages, collations, tablespaces, the database.
func fillFixed(c content) {
	for _, am := range []struct {
		oid           uint32
		name, handler string
		kind          string
	}{
		{2, "heap", "heap_tableam_handler", "t"}, {403, "btree", "bthandler", "i"},
		{405, "hash", "hashhandler", "i"}, {783, "gist", "gisthandler", "i"},
		{2742, "gin", "ginhandler", "i"}, {4000, "spgist", "spghandler", "i"},
		{3580, "brin", "brinhandler", "i"},
	} {
		c.add("pg_catalog.pg_am", row{"oid": am.oid, "amname": am.name, "amhandler": am.handler, "amtype": am.kind})
	}
	for _, l := range []struct {
		oid  uint32
		name string
		pl   bool
	}{{12, "internal", false}, {13, "c", false}, {14, "sql", true}} {
		c.add("pg_catalog.pg_language", row{"oid": l.oid, "lanname": l.name, "lanowner": oidBootstrapRole,
			"lanispl": false, "lanpltrusted": l.pl, "lanplcallfoid": 0, "laninline": 0, "lanvalidator": 0})
	}
	for _, coll := range []struct {
		oid               uint32
		name, provider, c string
	}{{100, "default", "d", ""}, {950, "C", "c", "C"}, {951, "POSIX", "c", "POSIX"}} {
		r := row{"oid": coll.oid, "collname": coll.name, "collnamespace": oidPgCatalog, "collowner": oidBootstrapRole,
			"collprovider": coll.provider, "collisdeterministic": true, "collencoding": -1}
		if coll.c != "" {
			r["collcollate"], r["collctype"] = coll.c, coll.c
		}
		c.add("pg_catalog.pg_collation", r)
	}
	c.add("pg_catalog.pg_tablespace", row{"oid": oidDefaultTblspc, "spcname": "pg_default", "spcowner": oidBootstrapRole})
	c.add("pg_catalog.pg_tablespace", row{"oid": oidGlobalTblspc, "spcname": "pg_global", "spcowner": oidBootstrapRole})
}

func (o *objects) fillDatabase(c content, oid uint32) {
	c.add("pg_catalog.pg_database", row{
		"oid": oid, "datname": Database, "datdba": oidBootstrapRole, "encoding": utf8Encoding,
		"datlocprovider": "c", "datallowconn": true, "datconnlimit": -1, "dattablespace": oidDefaultTblspc,
		"datcollate": "C", "datctype": "C",
	})
}

func (o *objects) fillProcs(c content) {
	for _, p := range pg15Procs {
		c.add("pg_catalog.pg_proc", row{
			"oid": p.oid, "proname": p.name, "pronamespace": oidPgCatalog, "proowner": oidBootstrapRole,
			"prolang": p.lang, "procost": float32(1), "prorows": float32(0), "prosupport": "-",
			"prokind": p.kind, "proisstrict": p.strict, "proretset": p.retset, "provolatile": p.volatile,
			"proparallel": "s", "pronargs": p.nargs, "prorettype": p.rettype, "proargtypes": p.argtypes,
			"proargnames": nilIfEmpty(p.argnames), "prosrc": p.src,
		})
		args := make([]string, len(p.argtypes))
		for i, a := range p.argtypes {
			args[i] = o.types.format(a, noTypmod)
			if i < len(p.argnames) && p.argnames[i] != "" {
				args[i] = p.argnames[i] + " " + args[i]
			}
		}
		result := o.types.format(p.rettype, noTypmod)
		if p.retset {
			result = "SETOF " + result
		}
		c.add("pghelp.procs", row{"oid": p.oid, "arguments": strings.Join(args, ", "), "result": result})
	}
}

func nilIfEmpty(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

// fillHelpers adds the keyword list pg_get_keywords() returns.
func (o *objects) fillHelpers(c content) {
	descs := map[string]string{
		"U": "unreserved", "C": "unreserved (cannot be function or type name)",
		"T": "reserved (can be function or type name)", "R": "reserved",
	}
	for _, k := range pg15Keywords {
		parts := strings.Split(k, ":")
		bare := parts[2] == "true"
		label := "requires AS"
		if bare {
			label = "can be bare label"
		}
		c.add("pghelp.keywords", row{"word": parts[0], "catcode": parts[1], "barelabel": bare,
			"catdesc": descs[parts[1]], "baredesc": label})
	}
}

// orderedValues lays r out in the columns' order, filling defaults.
func orderedValues(r row, cols []helperCol) ([]any, error) {
	out := make([]any, len(cols))
	for i, col := range cols {
		v, ok := r[col.name]
		if !ok || v == nil {
			if col.notnull {
				out[i] = zeroOf(col.typ)
			}
			continue
		}
		nv, err := normalize(col.typ, v)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", col.name, err)
		}
		out[i] = nv
	}
	for name := range r {
		if !slices.ContainsFunc(cols, func(c helperCol) bool { return c.name == name }) {
			return nil, fmt.Errorf("no column %s", name)
		}
	}
	return out, nil
}
