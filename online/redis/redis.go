package redis

import (
	"context"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
)

// Options configure the Redis store.
type Options struct {
	Addr string
	// Prefix starts every hash key; default "pitgate:".
	Prefix string
	// Timeout bounds dialing and each round trip, so that lookups fail
	// fast while Redis is down; default 1s.
	Timeout time.Duration
}

const (
	rowsPerScript  = 512 // rows per EVALSHA: short scripts keep Redis responsive
	scriptsPerExec = 64  // EVALSHAs per MULTI/EXEC round trip
)

// Backend keeps one hash per entity key (Prefix + the encoded entity),
// with one field per feature view holding that view's encoded row (its
// values and event time).
type Backend struct {
	client *goredis.Client
	prefix string
	addr   string
}

var _ online.Backend = (*Backend)(nil)

// Open connects to Redis and checks that it answers.
func Open(ctx context.Context, o Options) (online.Store, error) {
	b, err := OpenBackend(ctx, o)
	if err != nil {
		return nil, err
	}
	return online.NewStore(b), nil
}

// OpenBackend opens the backend alone.
func OpenBackend(ctx context.Context, o Options) (*Backend, error) {
	if o.Prefix == "" {
		o.Prefix = "pitgate:"
	}
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	// One dial per attempt (go-redis would otherwise dial 5 times, 100 ms
	// apart, each up to DialTimeout) and one retry of a command (a pooled
	// connection that died with a restarted Redis is replaced): with Redis
	// down a lookup fails in milliseconds when the port refuses, and after
	// about 3 x Timeout when it accepts but does not answer (measured by
	// e2e TestLookupsWithRedisDown).
	client := goredis.NewClient(&goredis.Options{
		Addr: o.Addr, DialTimeout: o.Timeout, ReadTimeout: o.Timeout, WriteTimeout: o.Timeout,
		PoolTimeout: o.Timeout, MaxRetries: 1, DialerRetries: 1,
	})
	b := &Backend{client: client, prefix: o.Prefix, addr: o.Addr}
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, b.fail(err)
	}
	if err := putScript.Load(ctx, client).Err(); err != nil {
		client.Close()
		return nil, b.fail(err)
	}
	return b, nil
}

func (b *Backend) fail(err error) error {
	return sqlerr.New(sqlerr.ConnectionFailure, "online store (redis at %s): %v", b.addr, err).
		WithHint("check that Redis is running at online.addr; lookups recover by themselves once it answers")
}

// Put runs the compare-and-set script over chunks of rows, up to
// scriptsPerExec chunks per MULTI/EXEC: a Put of up to 32768 rows is
// applied as one transaction, never interleaved with another client's.
func (b *Backend) Put(ctx context.Context, recs []online.Record) error {
	const group = rowsPerScript * scriptsPerExec
	for lo := 0; lo < len(recs); lo += group {
		part := recs[lo:min(lo+group, len(recs))]
		err := b.putGroup(ctx, part)
		if goredis.HasErrorPrefix(err, "NOSCRIPT") {
			// Redis restarted or flushed its scripts: load and redo (a
			// redo is harmless, the latest row wins either way).
			if err = putScript.Load(ctx, b.client).Err(); err == nil {
				err = b.putGroup(ctx, part)
			}
		}
		if err != nil {
			return b.fail(err)
		}
	}
	return nil
}

func (b *Backend) putGroup(ctx context.Context, recs []online.Record) error {
	cmds, err := b.client.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
		for lo := 0; lo < len(recs); lo += rowsPerScript {
			chunk := recs[lo:min(lo+rowsPerScript, len(recs))]
			keys := make([]string, len(chunk))
			args := make([]any, 0, 2*len(chunk))
			for i, r := range chunk {
				keys[i] = b.prefix + string(r.Entity)
				args = append(args, r.View, r.Blob)
			}
			putScript.EvalSha(ctx, pipe, keys, args...)
		}
		b.publish(ctx, pipe, recs) // applied with the writes (notify.go)
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range cmds {
		if c.Err() != nil {
			return c.Err()
		}
	}
	return nil
}

// Get sends one HMGET per distinct entity (all the views asked of it) in
// one pipeline: one round trip for any number of keys and views.
func (b *Backend) Get(ctx context.Context, keys []online.RecordKey) ([][]byte, error) {
	type entity struct {
		fields []string
		slots  []int
	}
	byHash := map[string]*entity{}
	var order []string
	for i, k := range keys {
		h := b.prefix + string(k.Entity)
		e := byHash[h]
		if e == nil {
			e = &entity{}
			byHash[h] = e
			order = append(order, h)
		}
		e.fields = append(e.fields, k.View)
		e.slots = append(e.slots, i)
	}
	cmds := make([]*goredis.SliceCmd, len(order))
	_, err := b.client.Pipelined(ctx, func(pipe goredis.Pipeliner) error {
		for i, h := range order {
			cmds[i] = pipe.HMGet(ctx, h, byHash[h].fields...)
		}
		return nil
	})
	if err != nil {
		return nil, b.fail(err)
	}
	out := make([][]byte, len(keys))
	for i, h := range order {
		for j, v := range cmds[i].Val() {
			if s, ok := v.(string); ok {
				out[byHash[h].slots[j]] = []byte(s)
			}
		}
	}
	return out, nil
}

// Clear deletes every key under the prefix (tests, and dropping a store).
func (b *Backend) Clear(ctx context.Context) error {
	iter := b.client.Scan(ctx, 0, escapeGlob(b.prefix)+"*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 1000 {
			if err := b.client.Unlink(ctx, batch...).Err(); err != nil {
				return b.fail(err)
			}
			batch = batch[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return b.fail(err)
	}
	if len(batch) > 0 {
		return b.client.Unlink(ctx, batch...).Err()
	}
	return nil
}

func escapeGlob(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// Close closes the client's connections.
func (b *Backend) Close() error { return b.client.Close() }

// Prefix is the key prefix in use.
func (b *Backend) Prefix() string { return b.prefix }
