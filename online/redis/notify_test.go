package redis_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/redis"
	"github.com/pitgate/pitgate/registry"
)

// TestInvalidation runs the cross-process suite on one key prefix: every
// store of the test is a separate client, as another process would be.
func TestInvalidation(t *testing.T) {
	ctx := context.Background()
	first := onlinetest.RedisBackend(t) // owns the prefix and its clean-up
	defer first.Close()
	addr, prefix := onlinetest.RedisAddr(t), first.Prefix()
	raw := goredis.NewClient(&goredis.Options{Addr: addr})
	defer raw.Close()
	onlinetest.RunInvalidation(t, onlinetest.Shared{
		Open: func(t *testing.T) online.Store {
			b, err := redis.OpenBackend(ctx, redis.Options{Addr: addr, Prefix: prefix})
			if err != nil {
				t.Fatal(err)
			}
			return online.NewStore(b)
		},
		WriteSilently: func(t *testing.T, v *registry.FeatureView, rows []online.Row) {
			recs, err := online.EncodeRows(v, rows)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if err := raw.HSet(ctx, prefix+string(r.Entity), r.View, r.Blob).Err(); err != nil {
					t.Fatal(err)
				}
			}
		},
		KillSubscribers: func(t *testing.T) {
			killed := 0
			list, err := raw.ClientList(ctx).Result()
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(list, "\n") {
				if !strings.Contains(line, " name="+first.SubscriberName()+" ") {
					continue
				}
				id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Fields(line)[0], "id="), 10, 64)
				if err := raw.ClientKillByFilter(ctx, "ID", strconv.FormatInt(id, 10)).Err(); err != nil {
					t.Fatal(err)
				}
				killed++
			}
			if killed == 0 {
				t.Fatalf("no client named %s to kill", first.SubscriberName())
			}
		},
	})
}
