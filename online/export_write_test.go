package online

// ApplyInvalidation applies inv as a subscription would, for tests.
func (c *Cache) ApplyInvalidation(inv Invalidation) { (&cacheSubscriber{c: c}).Invalidate(inv) }

// EncodeBatch is the write path's encoding, for tests.
var EncodeBatch = encodeBatch
