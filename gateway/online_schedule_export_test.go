package gateway

// HoldMaterializing takes the slot CALL and the schedule share, as a
// running materialization would; the returned func releases it.
func HoldMaterializing(g *Gateway) (release func()) {
	g.materializing <- struct{}{}
	return func() { <-g.materializing }
}
