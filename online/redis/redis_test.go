package redis_test

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/redis"
)

func TestConformance(t *testing.T) {
	onlinetest.Run(t, func(t *testing.T) online.Store { return online.NewStore(onlinetest.RedisBackend(t)) })
}

func TestUnreachableFailsFast(t *testing.T) {
	_, err := redis.Open(context.Background(), redis.Options{Addr: "127.0.0.1:1"})
	if err == nil {
		t.Fatal("opening a Redis that is not there succeeded")
	}
}
