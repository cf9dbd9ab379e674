package gateway

import (
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

// Parameters of prepared statements. A parameter's type is the client's
// when it sent one, else what the planner inferred from the statement. At
// Bind each value is decoded from its format with pgtype and becomes a typed
// literal, Cast(Const, type), which plan.Bind puts in place of the $n: the
// warehouse receives SQL with every value escaped by the dialect and needs
// no bind parameters of its own.

// paramType is one parameter's type, as ParameterDescription tells it and
// as the literal is cast.
type paramType struct {
	oid uint32
	typ plan.Type
}

// paramTypes merges the client's parameter OIDs with the planner's types:
// the client's win, except 0 and unknown, which leave the type to the
// planner, as in PostgreSQL.
func paramTypes(st *planner.Statement, client []uint32) ([]paramType, error) {
	var inferred []plan.Type
	switch {
	case st != nil && st.Query != nil:
		inferred = st.Query.Params
	case st != nil && onlineParams(st) != nil:
		inferred = onlineParams(st)
	case st != nil && st.Catalog != nil:
		// The catalog engine takes parameters as text; numbers and
		// booleans the client types become literals of their kind.
		inferred = make([]plan.Type, st.Catalog.NumParams)
		for i := range inferred {
			inferred[i] = "text"
		}
	}
	out := make([]paramType, max(len(client), len(inferred)))
	for i := range out {
		if i < len(client) && client[i] != 0 && client[i] != pgtype.UnknownOID {
			typ, ok := typeNames[client[i]]
			if !ok {
				return nil, sqlerr.New(sqlerr.FeatureNotSupported,
					"parameter $%d has type OID %d, which pitgate does not support", i+1, client[i]).
					WithHint("send the parameter as text (OID 0 or 25) and cast it in SQL")
			}
			out[i] = paramType{oid: client[i], typ: typ}
			continue
		}
		typ := plan.Type("text")
		if i < len(inferred) {
			typ = inferred[i]
		}
		oid, _ := typeOID(string(typ))
		out[i] = paramType{oid: oid, typ: typ}
	}
	return out, nil
}

// paramValues turns a Bind's values into literals, one per parameter.
func paramValues(types *pgtype.Map, params []paramType, raw [][]byte, formats []int16) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(params))
	for i, p := range params {
		e, err := paramLiteral(types, p, raw[i], formats[i])
		if err != nil {
			return nil, paramError(p, i+1, raw[i], formats[i], err)
		}
		out[i] = e
	}
	return out, nil
}

func paramError(p paramType, n int, raw []byte, format int16, err error) error {
	if sqlerr.Code(err) != sqlerr.Internal {
		return err
	}
	if format == pgtype.BinaryFormatCode {
		return sqlerr.New("22P03", "incorrect binary data format in bind parameter %d", n).
			WithDetail("as type %s: %v", p.typ, err)
	}
	return sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type %s: %q", p.typ, string(raw)).
		WithDetail("bind parameter $%d", n)
}

// paramLiteral is one parameter's value as a typed literal.
func paramLiteral(types *pgtype.Map, p paramType, raw []byte, format int16) (plan.Expr, error) {
	if raw == nil {
		return &plan.Cast{X: &plan.Const{}, Type: p.typ}, nil
	}
	if elem, ok := strings.CutSuffix(string(p.typ), "[]"); ok {
		return arrayLiteral(types, p, plan.Type(elem), raw, format)
	}
	switch p.oid {
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID, pgtype.JSONOID:
		// Their binary form is their text.
		return typed(string(raw), p.typ), nil
	case pgtype.JSONBOID:
		if format == pgtype.BinaryFormatCode {
			if len(raw) == 0 || raw[0] != 1 {
				return nil, sqlerr.New("22P03", "unsupported jsonb version in bind parameter")
			}
			raw = raw[1:]
		}
		return typed(string(raw), p.typ), nil
	}
	raw = isoDateTime(p.oid, raw, format)
	v, err := decodeParam(types, p.oid, raw, format)
	if err != nil {
		return nil, err
	}
	return valueLiteral(types, p.oid, p.typ, v, raw, format)
}

// decodeParam decodes a value with the codec of its type.
func decodeParam(types *pgtype.Map, oid uint32, raw []byte, format int16) (any, error) {
	t, ok := types.TypeForOID(oid)
	if !ok {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "parameters of type OID %d are not supported", oid)
	}
	return t.Codec.DecodeValue(types, oid, format, raw)
}

// valueLiteral is a decoded scalar as a literal: integers and booleans as
// themselves, everything else as its PostgreSQL text, which is the input
// every warehouse's cast accepts. A text-format value keeps the client's
// text, now known to be valid.
func valueLiteral(types *pgtype.Map, oid uint32, typ plan.Type, v any, raw []byte, format int16) (plan.Expr, error) {
	switch x := v.(type) {
	case nil:
		return &plan.Cast{X: &plan.Const{}, Type: typ}, nil
	case bool:
		return typed(x, typ), nil
	case int16:
		return typed(int64(x), typ), nil
	case int32:
		return typed(int64(x), typ), nil
	case int64:
		return typed(x, typ), nil
	case []byte:
		// A binary literal of its own: warehouses disagree on bytea text.
		return &plan.Const{Value: append([]byte(nil), x...), Type: "bytea"}, nil
	}
	if format == pgtype.TextFormatCode && raw != nil {
		return typed(string(raw), typ), nil
	}
	text, err := types.Encode(oid, pgtype.TextFormatCode, v, nil)
	if err != nil {
		return nil, err
	}
	return typed(string(text), typ), nil
}

// arrayLiteral is a one-dimensional array parameter as ARRAY[...] of typed
// elements: warehouses do not all read PostgreSQL's {a,b} text.
func arrayLiteral(types *pgtype.Map, p paramType, elem plan.Type, raw []byte, format int16) (plan.Expr, error) {
	var arr pgtype.Array[any]
	if err := types.Scan(p.oid, format, raw, &arr); err != nil {
		return nil, err
	}
	if len(arr.Dims) > 1 {
		return nil, sqlerr.Unsupported("multi-dimensional array parameters")
	}
	elemOID, _ := typeOID(string(elem))
	elems := make([]plan.Expr, len(arr.Elements))
	// Integer elements (the usual keys of = ANY($1)) take their literals
	// from two slabs rather than two allocations each.
	casts, consts := make([]plan.Cast, len(arr.Elements)), make([]plan.Const, len(arr.Elements))
	for i, v := range arr.Elements {
		if _, ok := v.(int64); ok {
			consts[i].Value = v // the decoded value's own box
			casts[i] = plan.Cast{X: &consts[i], Type: elem}
			elems[i] = &casts[i]
			continue
		}
		e, err := valueLiteral(types, elemOID, elem, v, nil, pgtype.BinaryFormatCode)
		if err != nil {
			return nil, err
		}
		elems[i] = e
	}
	return &plan.Cast{X: &plan.Array{Elems: elems}, Type: p.typ}, nil
}

func typed(v any, t plan.Type) plan.Expr {
	return &plan.Cast{X: &plan.Const{Value: v}, Type: t}
}

// nullParams stands a typed NULL for every parameter, to describe a
// statement before it has values.
func nullParams(params []paramType) []plan.Expr {
	out := make([]plan.Expr, len(params))
	for i, p := range params {
		out[i] = describeNull(p)
	}
	return out
}
