package gateway

// ForgetSchemas drops g's cached warehouse schemas, as schemaTTL passing
// would, so that tests see a schema change at once.
func ForgetSchemas(g *Gateway) { g.tables.forget() }
