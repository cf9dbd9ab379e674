package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

func (b *binder) funcCall(f *pg.FuncCall, sc *scope) (plan.Expr, error) {
	name := strings.ToLower(opName(f.Funcname))
	if strings.Contains(name, ".") {
		return nil, sqlerr.New(sqlerr.UndefinedFunction, "function %s does not exist", name).At(pos(f.Location))
	}
	if f.AggWithinGroup {
		return nil, sqlerr.Unsupported("WITHIN GROUP").At(pos(f.Location))
	}
	if f.FuncVariadic {
		return nil, sqlerr.Unsupported("VARIADIC arguments").At(pos(f.Location))
	}
	args, err := b.exprs(f.Args, sc)
	if err != nil {
		return nil, err
	}
	b.typeMathArg(name, args)
	out := &plan.Func{Name: name, Args: args, Star: f.AggStar, Distinct: f.AggDistinct}
	if len(f.AggOrder) > 0 {
		if out.OrderBy, err = b.sortKeys(f.AggOrder, sc, nil); err != nil {
			return nil, err
		}
	}
	if out.Filter, err = b.expr(f.AggFilter, sc); err != nil {
		return nil, err
	}
	if f.Over != nil {
		if out.Over, err = b.window(f.Over, sc); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Frame option bits of PostgreSQL's WindowDef.frameOptions.
const (
	frameNonDefault       = 0x00001
	frameRange            = 0x00002
	frameRows             = 0x00004
	frameGroups           = 0x00008
	frameBetween          = 0x00010
	frameStartUnbPrec     = 0x00020
	frameEndUnbFoll       = 0x00100
	frameStartCurrent     = 0x00200
	frameEndCurrent       = 0x00400
	frameStartOffsetPrec  = 0x00800
	frameEndOffsetPrec    = 0x01000
	frameStartOffsetFoll  = 0x02000
	frameEndOffsetFoll    = 0x04000
	frameExclusionOptions = 0x08000 | 0x10000 | 0x20000
)

func (b *binder) window(w *pg.WindowDef, sc *scope) (*plan.Window, error) {
	if w.Name != "" || w.Refname != "" {
		return nil, sqlerr.Unsupported("named windows").At(pos(w.Location)).WithHint("write the window inline in OVER (...)")
	}
	out := &plan.Window{}
	var err error
	if out.PartitionBy, err = b.exprs(w.PartitionClause, sc); err != nil {
		return nil, err
	}
	if out.OrderBy, err = b.sortKeys(w.OrderClause, sc, nil); err != nil {
		return nil, err
	}
	opts := int(w.FrameOptions)
	if opts&frameNonDefault == 0 {
		return out, nil
	}
	if opts&frameExclusionOptions != 0 {
		return nil, sqlerr.Unsupported("frame EXCLUDE clauses").At(pos(w.Location))
	}
	mode := "RANGE"
	switch {
	case opts&frameRows != 0:
		mode = "ROWS"
	case opts&frameGroups != 0:
		mode = "GROUPS"
	}
	start, startOff := frameBound(opts, true)
	var offsets []*pg.Node
	if startOff {
		offsets = append(offsets, w.StartOffset)
	}
	frame := mode + " " + start
	if opts&frameBetween != 0 {
		end, endOff := frameBound(opts, false)
		if endOff {
			offsets = append(offsets, w.EndOffset)
		}
		frame = mode + " BETWEEN " + start + " AND " + end
	}
	if out.FrameOffsets, err = b.exprs(offsets, sc); err != nil {
		return nil, err
	}
	// Offsets stand as $1, $2 in the frame text; the printer substitutes them.
	n := 0
	frame = replaceEach(frame, "OFFSET", func() string { n++; return "$" + string(rune('0'+n)) })
	out.Frame = frame
	return out, nil
}

func frameBound(opts int, start bool) (string, bool) {
	if start {
		switch {
		case opts&frameStartUnbPrec != 0:
			return "UNBOUNDED PRECEDING", false
		case opts&frameStartCurrent != 0:
			return "CURRENT ROW", false
		case opts&frameStartOffsetPrec != 0:
			return "OFFSET PRECEDING", true
		case opts&frameStartOffsetFoll != 0:
			return "OFFSET FOLLOWING", true
		}
		return "UNBOUNDED PRECEDING", false
	}
	switch {
	case opts&frameEndUnbFoll != 0:
		return "UNBOUNDED FOLLOWING", false
	case opts&frameEndCurrent != 0:
		return "CURRENT ROW", false
	case opts&frameEndOffsetPrec != 0:
		return "OFFSET PRECEDING", true
	case opts&frameEndOffsetFoll != 0:
		return "OFFSET FOLLOWING", true
	}
	return "CURRENT ROW", false
}

func replaceEach(s, word string, next func() string) string {
	for strings.Contains(s, word) {
		s = strings.Replace(s, word, next(), 1)
	}
	return s
}

func (b *binder) subLink(sl *pg.SubLink, sc *scope) (plan.Expr, error) {
	sel := sl.Subselect.GetSelectStmt()
	q, err := b.selectStmt(sel, sc)
	if err != nil {
		return nil, err
	}
	out := &plan.Subquery{Query: q}
	switch sl.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		out.Kind = plan.ExistsSubquery
		return out, nil
	case pg.SubLinkType_EXPR_SUBLINK:
		out.Kind = plan.ScalarSubquery
	case pg.SubLinkType_ARRAY_SUBLINK:
		out.Kind = plan.ArraySubquery
	case pg.SubLinkType_ANY_SUBLINK, pg.SubLinkType_ALL_SUBLINK:
		if out.X, err = b.expr(sl.Testexpr, sc); err != nil {
			return nil, err
		}
		op := opName(sl.OperName)
		switch {
		case op == "" && sl.SubLinkType == pg.SubLinkType_ANY_SUBLINK:
			out.Kind = plan.InSubquery
		case sl.SubLinkType == pg.SubLinkType_ANY_SUBLINK:
			out.Kind, out.Op = plan.AnySubquery, op
		default:
			out.Kind, out.Op = plan.AllSubquery, op
		}
	default:
		return nil, sqlerr.Unsupported("this kind of subquery").At(pos(sl.Location))
	}
	if out.Kind != plan.ExistsSubquery && len(q.Columns()) != 1 {
		return nil, sqlerr.New(sqlerr.Syntax, "subquery must return only one column").At(pos(sl.Location))
	}
	return out, nil
}
