package gateway

import (
	"context"

	"github.com/pitgate/pitgate/wire"
)

// IsFastLookup reports whether p is a portal of the fast lookup path.
func IsFastLookup(p wire.Portal) bool {
	_, ok := p.(*lookupPortal)
	return ok
}

// BindGeneral binds prep on the general path, the fast one switched off
// for this Bind.
func BindGeneral(ctx context.Context, prep wire.Prepared, raw [][]byte, formats []int16) (wire.Portal, error) {
	p := prep.(*prepared)
	saved := p.lookup
	p.lookup = noFastLookup
	defer func() { p.lookup = saved }()
	return p.Bind(ctx, raw, formats)
}
