package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/testenv"
)

// TestOnlineCrossProcessInvalidation runs `pitgate serve` on a Redis
// online store and, beside it, a `pitgate materialize` process writing the
// same store (cron's way): the server's cache, which holds the old rows
// and never expires them, must serve the new ones once the other process
// has written them (docs/online.md, "Cross-process invalidation").
func TestOnlineCrossProcessInvalidation(t *testing.T) {
	dsn := testenv.Postgres(t)
	_, port := startRedisServer(t, 0)
	config, _ := faultProject(t, dsn, fmt.Sprintf("{type: redis, addr: \"127.0.0.1:%d\"}", port), 1000)
	const items = 50
	loadItems(t, dsn, items, 0)
	pitgateMaterialize(t, config, "--start", "2000-01-01", "--end", faultT0.Add(time.Hour).Format(time.RFC3339))

	_, conn := serveFaults(t, config)
	for k := int64(1); k <= items; k++ {
		wantItem(t, conn, k, 0) // now in the server's cache
		wantItem(t, conn, k, 0)
	}
	loadItems(t, dsn, items, 1)
	pitgateMaterialize(t, config, "--start", "2000-01-01", "--end", faultT0.Add(2*time.Hour).Format(time.RFC3339))

	ctx := withTimeout(t)
	for k := int64(1); k <= items; k++ {
		wf, _, _ := itemRow(k, 1)
		deadline := time.Now().Add(10 * time.Second)
		for {
			f, _, _, err := lookupItem(ctx, conn, k)
			if err != nil {
				t.Fatalf("lookup of item %d: %v", k, err)
			}
			if f != nil && *f == wf {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("item %d still reads %v 10 s after another process wrote generation 1", k, deref(f))
			}
			time.Sleep(10 * time.Millisecond)
		}
		wantItem(t, conn, k, 1)
	}
}
