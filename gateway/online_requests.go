package gateway

import (
	"slices"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

// lookupRequests evaluates the keys a lookup asks for, in request order,
// then applies its OFFSET and LIMIT. A key with a NULL part names no
// entity: it is left out, except in a LEFT JOIN's entity rows.
func lookupRequests(ev *evaluator, lk *planner.Lookup) ([]lookupRequest, error) {
	var reqs []lookupRequest
	var err error
	if lk.Request.Rows != nil {
		reqs, err = rowRequests(ev, lk)
	} else {
		reqs, err = setRequests(ev, lk)
	}
	if err != nil {
		return nil, err
	}
	return limitRequests(ev, lk, reqs)
}

// setRequests is the cross product of the WHERE form's key sets, the first
// key varying slowest.
func setRequests(ev *evaluator, lk *planner.Lookup) ([]lookupRequest, error) {
	lists := make([][]any, len(lk.Request.Sets))
	total := 1
	for i, set := range lk.Request.Sets {
		vals, err := keyValues(ev, set, lk.Keys[i], lk.Relation)
		if err != nil {
			return nil, err
		}
		lists[i] = vals
		if total *= len(vals); total > maxLookupKeys {
			return nil, tooManyKeys(lk)
		}
	}
	out := make([]lookupRequest, 0, total)
	at := make([]int, len(lists))
	parts := make([]any, total*len(lists)) // every key's parts, in one allocation
	for n := 0; n < total; n++ {
		key := online.Key(parts[n*len(lists) : (n+1)*len(lists) : (n+1)*len(lists)])
		for i, vals := range lists {
			key[i] = vals[at[i]]
		}
		out = append(out, lookupRequest{key: key})
		for i := len(at) - 1; i >= 0; i-- {
			if at[i]++; at[i] < len(lists[i]) {
				break
			}
			at[i] = 0
		}
	}
	return out, nil
}

func tooManyKeys(lk *planner.Lookup) error {
	return sqlerr.New("54000", "a lookup of online.%s asks for more than %d keys", lk.Relation, maxLookupKeys).
		WithHint("split it into several lookups")
}

// keyValues evaluates the values one key takes, NULLs left out.
func keyValues(ev *evaluator, set planner.KeySet, key plan.Column, relation string) ([]any, error) {
	out := make([]any, 0, len(set.Values))
	for _, e := range set.Values {
		v, err := ev.value(e, key.Type)
		if err != nil {
			return nil, inColumn(err, "join key %s of online.%s", key.Name, relation)
		}
		if v != nil {
			out = append(out, v)
		}
	}
	if set.Array == nil {
		return out, nil
	}
	arrayType := plan.Type("")
	if key.Type != "" {
		arrayType = key.Type + "[]"
	}
	v, err := ev.value(set.Array, arrayType)
	if err != nil {
		return nil, inColumn(err, "join key %s of online.%s", key.Name, relation)
	}
	elems, ok := v.([]any)
	if !ok && v != nil {
		return nil, sqlerr.New(sqlerr.DatatypeMismatch, "join key %s of online.%s: = ANY needs an array", key.Name, relation)
	}
	if len(out) == 0 && !slices.Contains(elems, nil) {
		return elems, nil // the array's own elements, not copied
	}
	for _, el := range elems {
		if el != nil {
			out = append(out, el)
		}
	}
	return out, nil
}

// rowRequests evaluates the VALUES form's entity rows.
func rowRequests(ev *evaluator, lk *planner.Lookup) ([]lookupRequest, error) {
	req := lk.Request
	if len(req.Rows) > maxLookupKeys {
		return nil, tooManyKeys(lk)
	}
	out := make([]lookupRequest, 0, len(req.Rows))
	for _, row := range req.Rows {
		vals := make([]any, len(row))
		for i, e := range row {
			v, err := ev.value(e, req.RowTypes[i])
			if err != nil {
				return nil, inColumn(err, "column %d of the entity rows", i+1)
			}
			vals[i] = v
		}
		key := make(online.Key, len(req.KeyColumns))
		for k, col := range req.KeyColumns {
			if key[k] = vals[col]; key[k] == nil {
				key = nil
				break
			}
		}
		if key == nil && !req.Outer {
			continue // JOIN: NULL equals nothing
		}
		out = append(out, lookupRequest{key: key, row: vals})
	}
	return out, nil
}

// limitRequests applies OFFSET, then LIMIT; NULL means none.
func limitRequests(ev *evaluator, lk *planner.Lookup, reqs []lookupRequest) ([]lookupRequest, error) {
	count := func(e plan.Expr, what, code string) (int64, bool, error) {
		if e == nil {
			return 0, false, nil
		}
		v, err := ev.value(e, "int8")
		if err != nil || v == nil {
			return 0, false, inColumn(err, "%s", what)
		}
		n := v.(int64)
		if n < 0 {
			return 0, false, sqlerr.New(code, "%s must not be negative", what)
		}
		return n, true, nil
	}
	off, ok, err := count(lk.Offset, "OFFSET", "2201X")
	if err != nil {
		return nil, err
	}
	if ok {
		reqs = reqs[min(off, int64(len(reqs))):]
	}
	limit, ok, err := count(lk.Limit, "LIMIT", "2201W")
	if err != nil {
		return nil, err
	}
	if ok {
		reqs = reqs[:min(limit, int64(len(reqs)))]
	}
	return reqs, nil
}
