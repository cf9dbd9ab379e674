package gateway

import (
	"context"
	"encoding/binary"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// The hot path of online serving: a prepared lookup whose every join key
// is one parameter, `k = $n` or `k = ANY($n)`, executed over and over.
// Its first Bind decides once whether the statement has that shape
// (fastLookupOf); from then on each Bind decodes the parameters straight
// into key values (no literals, no Lookup.Bind, no conversions through the
// evaluator) and each Execute reuses the statement's buffers: the
// requests, the per-view lookups, an online.Reader's results and cache key
// buffer, the row and the RowDescription. A cache hit of one key
// allocates the portal and the key's box, nothing else.
//
// Anything unusual — a NULL, a value out of the key's range, text that
// strconv does not read as PostgreSQL would, a text-format array, a NULL
// element — makes Bind fall back to the general path, which gives the
// answer or the error PostgreSQL would.

// fastLookup is what a prepared lookup keeps for its fast Binds; one per
// prepared statement, so per session (never shared between goroutines).
type fastLookup struct {
	lk     *planner.Lookup
	sets   []fastSet     // per key set of lk.Request.Sets
	cols   []wire.Column // the RowDescription
	reader *online.Reader
	store  online.Store // when the store has no Reader

	reqs    []lookupRequest
	lookups []online.Lookup
	row     []any
}

// fastSet is how one join key's values come: parameter param (0-based),
// one value or (array) an array of them, converted to the key's type.
type fastSet struct {
	param int
	array bool
	key   string // base type of the join key: int8, int4, int2 or text
}

// noFastLookup marks a prepared statement that does not have the shape.
var noFastLookup = &fastLookup{}

// fastLookupOf is p's fastLookup, decided at its first Bind; nil when p
// takes the general path.
func (p *prepared) fastLookupOf() *fastLookup {
	if p.lookup == nil {
		p.lookup = noFastLookup
		if f := newFastLookup(p); f != nil {
			p.lookup = f
		}
	}
	if p.lookup == noFastLookup {
		return nil
	}
	return p.lookup
}

func newFastLookup(p *prepared) *fastLookup {
	st := p.st
	if st == nil || st.Kind != planner.KindOnline || st.Online == nil || st.Err != nil || p.s.gw.online == nil {
		return nil
	}
	lk := st.Online
	if lk.Request.Rows != nil || lk.Limit != nil || lk.Offset != nil || len(lk.Views) == 0 ||
		len(lk.Request.Sets) != len(lk.Keys) || len(lk.Request.Sets) != len(p.params) {
		return nil
	}
	f := &fastLookup{lk: lk, cols: lookupColumns(lk), row: make([]any, len(lk.Columns))}
	used := make([]bool, len(p.params))
	for i, set := range lk.Request.Sets {
		fs, ok := fastSetOf(set, baseType(lk.Keys[i].Type), p.params)
		if !ok || used[fs.param] {
			return nil
		}
		used[fs.param] = true
		f.sets = append(f.sets, fs)
	}
	if c, ok := p.s.gw.online.(*online.Cache); ok {
		f.reader = c.Reader()
	} else {
		f.store = p.s.gw.online
	}
	f.lookups = make([]online.Lookup, len(lk.Views))
	for i, lv := range lk.Views {
		f.lookups[i].View = lv.View
	}
	return f
}

// fastSetOf is set's fastSet when its values are one bare parameter whose
// type the fast decoders read for a key of type key.
func fastSetOf(set planner.KeySet, key string, params []paramType) (fastSet, bool) {
	var e plan.Expr
	array := false
	switch {
	case len(set.Values) == 1 && set.Array == nil:
		e = set.Values[0]
	case len(set.Values) == 0 && set.Array != nil:
		e, array = set.Array, true
	default:
		return fastSet{}, false
	}
	prm, ok := e.(*plan.Param)
	if !ok || prm.N < 1 || prm.N > len(params) {
		return fastSet{}, false
	}
	oid := params[prm.N-1].oid
	if array {
		oid = arrayElem[oid]
	}
	switch key {
	case "int8", "int4", "int2":
		ok = oid == pgtype.Int8OID || oid == pgtype.Int4OID || oid == pgtype.Int2OID
	case "text":
		ok = oid == pgtype.TextOID || oid == pgtype.VarcharOID
	default:
		ok = false
	}
	return fastSet{param: prm.N - 1, array: array, key: key}, ok
}

// arrayElem is the element type of the array types the fast path reads.
var arrayElem = map[uint32]uint32{
	pgtype.Int8ArrayOID: pgtype.Int8OID, pgtype.Int4ArrayOID: pgtype.Int4OID, pgtype.Int2ArrayOID: pgtype.Int2OID,
	pgtype.TextArrayOID: pgtype.TextOID, pgtype.VarcharArrayOID: pgtype.VarcharOID,
}

// bindFastLookup is Bind's fast path; ok is false when the general path
// must bind (another statement, a failed transaction, an unusual value).
func (p *prepared) bindFastLookup(raw [][]byte, formats []int16) (wire.Portal, bool) {
	if p.st == nil || p.st.Kind != planner.KindOnline || p.s.runnable(p.st) != nil {
		return nil, false
	}
	f := p.fastLookupOf()
	if f == nil || len(raw) != len(p.params) || len(formats) < len(raw) {
		return nil, false
	}
	lp := &lookupPortal{s: p.s, prep: p, f: f}
	if !f.decodeKeys(lp, p.params, raw, formats) {
		return nil, false
	}
	return lp, true
}

// decodeKeys fills lp's keys, the cross product of the sets' values (the
// first key varying slowest, as setRequests); false to fall back.
func (f *fastLookup) decodeKeys(lp *lookupPortal, params []paramType, raw [][]byte, formats []int16) bool {
	if len(f.sets) == 1 && !f.sets[0].array { // the common case: one key, one value
		s := f.sets[0]
		v, ok := decodeKeyValue(params[s.param].oid, s.key, raw[s.param], formats[s.param])
		if !ok {
			return false
		}
		lp.one[0] = v
		lp.keys = lp.oneKey[:]
		lp.oneKey[0] = lp.one[:]
		return true
	}
	lists := make([][]any, len(f.sets))
	total := 1
	for i, s := range f.sets {
		vals, ok := decodeSet(s, params[s.param].oid, raw[s.param], formats[s.param])
		if !ok {
			return false
		}
		lists[i] = vals
		if total *= len(vals); total > maxLookupKeys {
			return false // the general path refuses it
		}
	}
	lp.keys = make([]online.Key, total)
	parts := make([]any, total*len(lists))
	at := make([]int, len(lists))
	for n := range total {
		key := online.Key(parts[n*len(lists) : (n+1)*len(lists) : (n+1)*len(lists)])
		for i, vals := range lists {
			key[i] = vals[at[i]]
		}
		lp.keys[n] = key
		for i := len(at) - 1; i >= 0; i-- {
			if at[i]++; at[i] < len(lists[i]) {
				break
			}
			at[i] = 0
		}
	}
	return true
}

func decodeSet(s fastSet, oid uint32, raw []byte, format int16) ([]any, bool) {
	if !s.array {
		v, ok := decodeKeyValue(oid, s.key, raw, format)
		return []any{v}, ok
	}
	return decodeKeyArray(arrayElem[oid], s.key, raw, format)
}

// decodeKeyValue reads one non-NULL parameter of type oid as a value of
// the key's base type.
func decodeKeyValue(oid uint32, key string, raw []byte, format int16) (any, bool) {
	if raw == nil {
		return nil, false // NULL: the general path (no key)
	}
	if key == "text" {
		if !utf8.Valid(raw) || containsNUL(raw) {
			return nil, false
		}
		return string(raw), true
	}
	var i int64
	switch {
	case format == pgtype.TextFormatCode:
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return nil, false // spaces, overflow, junk: as PostgreSQL says
		}
		i = n
	case oid == pgtype.Int8OID && len(raw) == 8:
		i = int64(binary.BigEndian.Uint64(raw))
	case oid == pgtype.Int4OID && len(raw) == 4:
		i = int64(int32(binary.BigEndian.Uint32(raw)))
	case oid == pgtype.Int2OID && len(raw) == 2:
		i = int64(int16(binary.BigEndian.Uint16(raw)))
	default:
		return nil, false
	}
	if !fitsInt(i, oidInt[oid]) || !fitsInt(i, key) {
		return nil, false
	}
	return i, true
}

var oidInt = map[uint32]string{pgtype.Int8OID: "int8", pgtype.Int4OID: "int4", pgtype.Int2OID: "int2"}

func fitsInt(i int64, t string) bool {
	switch t {
	case "int4":
		return i >= math.MinInt32 && i <= math.MaxInt32
	case "int2":
		return i >= math.MinInt16 && i <= math.MaxInt16
	}
	return true
}

func containsNUL(b []byte) bool {
	for _, c := range b {
		if c == 0 {
			return true
		}
	}
	return false
}

// decodeKeyArray reads a binary one-dimensional array without NULLs of
// elem values (the only arrays drivers bind for = ANY).
func decodeKeyArray(elem uint32, key string, raw []byte, format int16) ([]any, bool) {
	if raw == nil || format != pgtype.BinaryFormatCode || len(raw) < 12 {
		return nil, false
	}
	ndim, hasNull, elemOID := int32(binary.BigEndian.Uint32(raw)), binary.BigEndian.Uint32(raw[4:]), binary.BigEndian.Uint32(raw[8:])
	switch {
	case ndim == 0 && len(raw) == 12:
		return []any{}, true
	case ndim != 1 || hasNull != 0 || elemOID != elem || len(raw) < 20:
		return nil, false
	}
	n := int(int32(binary.BigEndian.Uint32(raw[12:])))
	rest := raw[20:]
	if n < 0 || n > maxLookupKeys || len(rest) < 4*n {
		return nil, false
	}
	out := make([]any, n)
	for i := range out {
		if len(rest) < 4 {
			return nil, false
		}
		size := int(int32(binary.BigEndian.Uint32(rest)))
		if size < 0 || len(rest) < 4+size {
			return nil, false
		}
		v, ok := decodeKeyValue(elem, key, rest[4:4+size], pgtype.BinaryFormatCode)
		if !ok {
			return nil, false
		}
		out[i], rest = v, rest[4+size:]
	}
	return out, len(rest) == 0
}

// lookupPortal is a bound fast lookup. A client paging it with a row
// limit gets its rows buffered in a general portal (paged).
type lookupPortal struct {
	s      *Session
	prep   *prepared
	f      *fastLookup
	keys   []online.Key
	one    [1]any
	oneKey [1]online.Key
	done   bool
	paged  *portal
}

func (lp *lookupPortal) Columns(context.Context) ([]wire.Column, error) { return lp.f.cols, nil }

func (lp *lookupPortal) Close() {
	if lp.paged != nil {
		lp.paged.Close()
	}
}

func (lp *lookupPortal) Execute(ctx context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	if lp.paged != nil || (maxRows > 0 && !lp.done) {
		return lp.executePaged(ctx, maxRows, w)
	}
	start := time.Now()
	err := lp.execute(ctx, w)
	if err != nil {
		lp.s.failTx()
	}
	lp.s.gw.metrics.statement(planner.KindOnline, start, err)
	return false, err
}

func (lp *lookupPortal) execute(ctx context.Context, w wire.ResultWriter) error {
	if lp.done {
		return w.Complete("SELECT 0")
	}
	lp.done = true
	if err := lp.s.runnable(lp.prep.st); err != nil {
		return err
	}
	return lp.f.run(ctx, lp.s, lp.keys, w)
}

// executePaged answers the lookup into a buffer at the first Execute and
// lets a general portal page through it.
func (lp *lookupPortal) executePaged(ctx context.Context, maxRows int, w wire.ResultWriter) (bool, error) {
	if lp.paged == nil {
		lp.done = true
		start, b := time.Now(), &buffered{w: w}
		err := lp.s.runnable(lp.prep.st)
		if err == nil {
			err = lp.f.run(ctx, lp.s, lp.keys, b)
		}
		if err != nil {
			lp.s.failTx()
			lp.s.gw.metrics.statement(planner.KindOnline, start, err)
			return false, err
		}
		if err := w.Describe(b.cols); err != nil {
			return false, err
		}
		lp.paged = &portal{s: lp.s, prep: lp.prep, st: lp.prep.st, buf: b, started: start}
	}
	return lp.paged.Execute(ctx, maxRows, w)
}

// run answers keys, writing one row per key to w, as Session.lookup.
func (f *fastLookup) run(ctx context.Context, s *Session, keys []online.Key, w wire.ResultWriter) error {
	lk := f.lk
	f.reqs = f.reqs[:0]
	for _, k := range keys {
		f.reqs = append(f.reqs, lookupRequest{key: k})
	}
	for i, lv := range lk.Views {
		ks := f.lookups[i].Keys[:0]
		for _, k := range keys {
			ks = append(ks, project(k, lv.Keys))
		}
		f.lookups[i].Keys = ks
	}
	ctx, cancel := s.onlineTimeout(ctx)
	defer cancel()
	results, err := f.read(ctx)
	if err != nil {
		return s.queryError(ctx, err)
	}
	if err := w.Describe(f.cols); err != nil {
		return err
	}
	now := time.Now()
	for n, r := range f.reqs {
		lookupRow(lk, r, results, n, now, f.row)
		if err := w.Row(s.wireValues(f.row, f.cols)); err != nil {
			return err
		}
	}
	return w.Complete(selectTag(len(f.reqs)))
}

func (f *fastLookup) read(ctx context.Context) ([][]online.Result, error) {
	if f.reader != nil {
		return f.reader.Read(ctx, f.lookups)
	}
	return f.store.Read(ctx, f.lookups)
}

// selectTags are the command tags of the usual row counts, made once.
var selectTags = func() []string {
	out := make([]string, 129)
	for i := range out {
		out[i] = "SELECT " + strconv.Itoa(i)
	}
	return out
}()

func selectTag(n int) string {
	if n < len(selectTags) {
		return selectTags[n]
	}
	return "SELECT " + strconv.Itoa(n)
}
