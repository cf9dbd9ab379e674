package online

// CleanUp runs the cache's pending maintenance (evictions), for tests.
func (c *Cache) CleanUp() { c.c.CleanUp() }
