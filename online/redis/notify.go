package redis

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/pitgate/pitgate/online"
)

// Every Put publishes what it wrote on Channel, inside its MULTI/EXEC, so
// a subscriber hears of a write only once it is applied; the caches of
// other processes on the same store subscribe (online/invalidate.go).
const (
	// channelSuffix follows the key prefix: stores of different prefixes
	// do not hear each other.
	channelSuffix = "invalidate"
	// maxPayload and maxMessages bound one group's messages; a view whose
	// keys need more is invalidated whole.
	maxPayload  = 256 << 10
	maxMessages = 8
	// SubscriberName starts the client name of the subscription's
	// connection, which CLIENT LIST shows as SubscriberName, "@" and the
	// key prefix (spaces as "_").
	SubscriberName = "pitgate-invalidate"
)

var _ online.Notifier = (*Backend)(nil)

// Channel is the Pub/Sub channel of this store's invalidations.
func (b *Backend) Channel() string { return b.prefix + channelSuffix }

// SubscriberName is the client name of this store's subscription.
func (b *Backend) SubscriberName() string {
	return SubscriberName + "@" + strings.NewReplacer(" ", "_", "\n", "_").Replace(b.prefix)
}

// publish queues the invalidations of recs on pipe, with the sender id
// of ctx (the writing cache, which skips them).
func (b *Backend) publish(ctx context.Context, pipe goredis.Pipeliner, recs []online.Record) {
	for _, msg := range online.InvalidationMessages(online.SenderOf(ctx), recs, maxPayload, maxMessages) {
		pipe.Publish(ctx, b.Channel(), msg)
	}
}

// Subscribe listens on Channel on a connection of its own until ctx ends.
func (b *Backend) Subscribe(ctx context.Context, s online.Subscriber) {
	opt := *b.client.Options()
	opt.ClientName = b.SubscriberName()
	client := goredis.NewClient(&opt)
	go func() {
		defer client.Close()
		for ctx.Err() == nil {
			if b.listen(ctx, client, s) {
				s.Lost()
			}
			select { // do not spin while Redis is down
			case <-ctx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
}

// listen subscribes on a new connection and delivers messages until ctx
// ends or the connection is lost; wasLive says whether it had been
// subscribed. An idle connection is pinged every heartbeat, and one that
// answers nothing by the next heartbeat counts as lost.
func (b *Backend) listen(ctx context.Context, client *goredis.Client, s online.Subscriber) (wasLive bool) {
	ps := client.Subscribe(ctx, b.Channel())
	defer ps.Close()
	live, pinged := false, false
	for {
		msg, err := ps.ReceiveTimeout(ctx, online.HeartbeatInterval)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() && !pinged && ctx.Err() == nil {
				pinged = true
				if ps.Ping(ctx) == nil {
					continue
				}
			}
			return live
		}
		pinged = false
		switch m := msg.(type) {
		case *goredis.Subscription:
			if m.Kind == "subscribe" && !live {
				s.Live()
				live = true
			}
		case *goredis.Message:
			if live {
				online.Deliver(s, m.Payload)
			}
		}
	}
}
