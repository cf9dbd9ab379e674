package planner

import (
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// COPY: `COPY (query) TO STDOUT`, `COPY relation [(cols)] TO STDOUT` (the
// same as SELECT cols FROM relation) and `COPY relation [(cols)] FROM
// STDIN`, with PostgreSQL's options. The query being copied out is planned
// exactly as it would be on its own (a warehouse query, a catalog query or
// an online lookup); the session streams its rows in the COPY format.
// Files and programs live on the client here: psql's \copy sends them
// through STDIN/STDOUT.

// Copy is a COPY statement (KindCopy).
type Copy struct {
	// From is COPY ... FROM STDIN; otherwise TO STDOUT.
	From bool
	// Options are the statement's format and options.
	Options CopyOptions
	// Source is the statement whose rows TO STDOUT copies out: KindQuery,
	// KindCatalog or KindOnline.
	Source *Statement
	// Schema and Name are FROM's target relation (or TO's source relation)
	// as written ("" schema when unqualified, "" name for TO's query);
	// Columns its column list, nil for all.
	Schema, Name string
	Columns      []string
	// Push is set when FROM's target is online.<view>: the view, its key
	// and timestamp types, no rows (the session reads them from the
	// client). Targets index the view's columns (join keys,
	// event_timestamp, features) in the order the rows give them, and
	// TargetNames names them.
	Push        *Push
	Targets     []int
	TargetNames []string
	// Where is FROM's WHERE condition, nil for none: the session binds it
	// to the target's columns (CopyWhere.Filter) and skips the rows it
	// does not hold for.
	Where *CopyWhere
	// Filter is Where bound to online.<view>'s columns, for a push.
	Filter *RowFilter
}

// Relation is the target's name for CONTEXT lines: "online.v", "t".
func (c *Copy) Relation() string {
	if c.Schema == "" {
		return c.Name
	}
	return c.Schema + "." + c.Name
}

// CopyOptions are COPY's WITH options; the zero value is FORMAT text with
// PostgreSQL's defaults (the session fills them).
type CopyOptions struct {
	Format    string // "text", "csv" or "binary"
	Delimiter string // "" for the format's default
	Null      string
	HasNull   bool
	Quote     string
	Escape    string
	Header    bool
	// ForceQuote names the columns FORCE_QUOTE quotes; ForceQuoteAll is FORCE_QUOTE *.
	ForceQuote    []string
	ForceQuoteAll bool
	// ForceNotNull and ForceNull name the columns FORCE_NOT_NULL and
	// FORCE_NULL apply to (CSV, FROM; copy_options.go).
	ForceNotNull, ForceNull []string
}

const copyHint = "pitgate runs COPY ... TO STDOUT and COPY ... FROM STDIN; from psql use \\copy, which reads and writes the file on the client"

func (b *binder) copyStatement(cs *pg.CopyStmt) (*Statement, error) {
	if cs.Filename != "" || cs.IsProgram {
		return nil, copyFileError(cs)
	}
	where, err := copyWhere(cs) // copy_where.go
	if err != nil {
		return nil, err
	}
	opts, err := copyOptions(cs.Options, cs.IsFrom)
	if err != nil {
		return nil, err
	}
	c := &Copy{From: cs.IsFrom, Options: opts, Where: where}
	if cs.IsFrom {
		err = b.copyFrom(cs, c)
	} else {
		c.Source, err = b.copySource(cs)
		if rv := cs.Relation; rv != nil { // COPY relation [(cols)] TO: for FORCE_QUOTE's errors
			c.Schema, c.Name = rv.Schemaname, rv.Relname
			for _, n := range cs.Attlist {
				c.Columns = append(c.Columns, n.GetString_().GetSval())
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindCopy, Copy: c}, nil
}

// copyFileError refuses a server-side file or program as PostgreSQL
// refuses a role without pg_write_server_files: pitgate's files are not
// the client's.
func copyFileError(cs *pg.CopyStmt) error {
	if cs.IsProgram {
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY to or from an external program is not supported").
			WithHint("%s", copyHint)
	}
	return sqlerr.New(sqlerr.InsufficientPriv, "COPY to or from a file on the server is not allowed").
		WithHint("%s", copyHint)
}

// copySource plans what COPY TO copies out: its query, or SELECT cols
// FROM relation.
func (b *binder) copySource(cs *pg.CopyStmt) (*Statement, error) {
	q := cs.Query
	if q == nil {
		q = copySelect(cs.Relation, cs.Attlist)
	}
	if q.GetSelectStmt() == nil {
		return nil, sqlerr.Unsupported("COPY of a statement other than SELECT").
			WithHint("COPY (SELECT ...) TO STDOUT")
	}
	if cq := b.p.catalogStatement("", &pg.RawStmt{Stmt: q}, parseVersion()); cq != nil {
		return &Statement{Kind: KindCatalog, Catalog: cq, Err: cq.Err}, cq.Err
	}
	st, err := b.statement(q)
	if err != nil {
		return nil, err
	}
	if st.Kind == KindQuery && len(st.Query.Params) > 0 {
		return nil, sqlerr.New("42P02", "there is no parameter $1").WithHint("COPY takes no parameters")
	}
	return st, nil
}

// copySelect is SELECT cols FROM rel (cols nil: *).
func copySelect(rel *pg.RangeVar, cols []*pg.Node) *pg.Node {
	var targets []*pg.Node
	for _, c := range cols {
		name := c.GetString_().GetSval()
		targets = append(targets, pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(name)}, -1), -1))
	}
	if len(targets) == 0 {
		targets = []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{pg.MakeAStarNode()}, -1), -1)}
	}
	return &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{
		TargetList: targets,
		FromClause: []*pg.Node{{Node: &pg.Node_RangeVar{RangeVar: rel}}},
		Op:         pg.SetOperation_SETOP_NONE,
	}}}
}

var parseVersion = sync.OnceValue(func() int32 {
	tree, err := pg.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return tree.Version
})

// copyFrom resolves FROM's target: online.<view> is a push; any other
// relation is left to the session (temporary tables), which refuses what
// it does not hold.
func (b *binder) copyFrom(cs *pg.CopyStmt, c *Copy) error {
	rv := cs.Relation
	c.Schema, c.Name = rv.Schemaname, rv.Relname
	for _, n := range cs.Attlist {
		c.Columns = append(c.Columns, n.GetString_().GetSval())
	}
	if rv.Schemaname != onlineSchema || rv.Catalogname != "" {
		return nil
	}
	return b.copyPush(cs, c)
}

// copyPush binds COPY online.<view> [(cols)] FROM STDIN as INSERT INTO
// online.<view> binds its column list.
func (b *binder) copyPush(cs *pg.CopyStmt, c *Copy) error {
	at := pos(cs.Relation.Location)
	v := b.p.repo.View(c.Name)
	switch {
	case v == nil && b.p.repo.Service(c.Name) != nil:
		return sqlerr.New(sqlerr.FeatureNotSupported, "cannot COPY into feature service %s", c.Name).At(at).
			WithHint("copy into each of its feature views")
	case v == nil:
		return b.unknownOnline(c.Name, at)
	case !v.Online:
		return notOnline(v, at)
	}
	vs, err := b.scanView(v, at)
	if err != nil {
		return err
	}
	var list []*pg.Node
	for _, name := range c.Columns {
		list = append(list, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name, Location: cs.Relation.Location}}})
	}
	if c.Targets, err = pushTargets(list, vs, v); err != nil {
		return err
	}
	cols := vs.visible()
	for _, i := range c.Targets {
		c.TargetNames = append(c.TargetNames, cols[i].Name)
	}
	c.Push = pushOf(v, vs)
	if c.Where != nil {
		table := make([]TableColumn, len(cols))
		for i, col := range cols {
			table[i] = TableColumn{Name: col.Name, Type: string(col.Type)}
		}
		c.Filter, err = c.Where.Filter(c.Name, table, c.TargetNames)
	}
	return err
}

func pushOf(v *registry.FeatureView, vs *viewScan) *Push {
	p := &Push{View: v, TSType: timeType(vs.ts.Type)}
	for _, k := range vs.keys {
		p.KeyTypes = append(p.KeyTypes, k.Type)
	}
	return p
}

// PushRow makes the push row of one COPY line: fields in Targets' order,
// nil for NULL, as untyped literals the session converts like INSERT's.
func (c *Copy) PushRow(fields []*string) PushRow {
	exprs := make([]plan.Expr, len(fields))
	for n, f := range fields {
		e := &plan.Const{}
		if f != nil {
			e.Value = *f
		}
		exprs[n] = e
	}
	return c.PushRowOf(exprs)
}

// PushRowOf makes the push row of one COPY line's values, in Targets'
// order (binary COPY: typed constants).
func (c *Copy) PushRowOf(exprs []plan.Expr) PushRow {
	nk := len(c.Push.KeyTypes)
	r := PushRow{Keys: make([]plan.Expr, nk), Values: make([]plan.Expr, len(c.Push.View.Features))}
	for n, i := range c.Targets {
		e := exprs[n]
		switch {
		case i < nk:
			r.Keys[i] = e
		case i == nk:
			r.EventTS = e
		default:
			r.Values[i-nk-1] = e
		}
	}
	return r
}

// TargetType is the type of the n-th copied column.
func (c *Copy) TargetType(n int) plan.Type {
	nk, i := len(c.Push.KeyTypes), c.Targets[n]
	switch {
	case i < nk:
		return c.Push.KeyTypes[i]
	case i == nk:
		return c.Push.TSType
	}
	return plan.Type(c.Push.View.Features[i-nk-1].Type.String())
}

// copyOptions reads the WITH options as PostgreSQL's ProcessCopyOptions
// does, with its errors.
func copyOptions(list []*pg.Node, from bool) (CopyOptions, error) {
	o := CopyOptions{Format: "text"}
	for _, n := range list {
		d := n.GetDefElem()
		if err := o.set(d); err != nil {
			return o, err
		}
	}
	return o, o.check(from)
}

func (o *CopyOptions) set(d *pg.DefElem) error {
	switch d.Defname {
	case "format":
		o.Format = strings.ToLower(defString(d))
		if o.Format != "text" && o.Format != "csv" && o.Format != "binary" {
			return sqlerr.New(sqlerr.InvalidParameter, "COPY format %q not recognized", o.Format).At(pos(d.Location))
		}
	case "header":
		if strings.EqualFold(defString(d), "match") {
			return copyOptionUnsupported("HEADER MATCH", d, "give HEADER true: the header line is skipped")
		}
		o.Header = defBool(d)
	case "delimiter":
		o.Delimiter = defString(d)
	case "null":
		o.Null, o.HasNull = defString(d), true
	case "quote":
		o.Quote = defString(d)
	case "escape":
		o.Escape = defString(d)
	case "force_quote":
		if d.Arg.GetAStar() != nil {
			o.ForceQuoteAll = true
		}
		for _, c := range d.Arg.GetList().GetItems() {
			o.ForceQuote = append(o.ForceQuote, c.GetString_().GetSval())
		}
	default:
		return o.setMore(d)
	}
	return nil
}

func defString(d *pg.DefElem) string {
	if s := d.Arg.GetString_(); s != nil {
		return s.Sval
	}
	if d.Arg.GetBoolean() != nil {
		if d.Arg.GetBoolean().Boolval {
			return "true"
		}
		return "false"
	}
	return ""
}

func defBool(d *pg.DefElem) bool {
	if d.Arg == nil {
		return true
	}
	switch strings.ToLower(defString(d)) {
	case "false", "off", "0", "no":
		return false
	}
	return true
}

// check applies PostgreSQL's rules on which options go together.
func (o *CopyOptions) check(from bool) error {
	csv, binary := o.Format == "csv", o.Format == "binary"
	switch {
	case binary && (o.Delimiter != "" || o.HasNull || o.Header):
		return sqlerr.New(sqlerr.Syntax, "cannot specify DELIMITER, NULL or HEADER in BINARY mode")
	case len(o.Delimiter) > 1:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
	case !csv && (o.Quote != "" || o.Escape != ""):
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY quote and escape are available only in CSV mode")
	case len(o.Quote) > 1 || len(o.Escape) > 1:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY quote and escape must be a single one-byte character")
	case o.Delimiter != "" && (o.Delimiter == "\n" || o.Delimiter == "\r" || o.Delimiter == "\\" && !csv):
		return sqlerr.New(sqlerr.InvalidParameter, "COPY delimiter cannot be newline, carriage return or backslash")
	case (len(o.ForceQuote) > 0 || o.ForceQuoteAll) && !csv:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY force quote available only in CSV mode")
	case (len(o.ForceQuote) > 0 || o.ForceQuoteAll) && from:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY force quote only available using COPY TO")
	}
	return o.checkMore(from)
}
