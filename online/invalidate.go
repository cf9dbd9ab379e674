package online

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"sync"
	"time"
)

// Cross-process invalidation. A store that other processes can write
// (Redis, PostgreSQL) publishes, with each write and in the same
// transaction, what it wrote: the view and its entities, or the whole view
// when that list is too long for the store's messages. A Cache in front of
// such a store subscribes and drops what was written, so another process's
// write is seen about as soon as the notification arrives. While the
// subscription is down the cache serves nothing from memory: losing it
// empties the cache and stops filling it until it is back (docs/operations.md).

// Invalidation is what one writer published.
type Invalidation struct {
	View string
	// Entities are EncodeEntity of the keys written; nil with All.
	Entities [][]byte
	// All means every key of View (a batch too large to list).
	All bool
	// Sender is the writing Cache's id (WithSender), "" for a write that
	// came through no cache: a cache skips its own invalidations, which
	// its write already applied locally (Cache.Write).
	Sender string
}

// senderKey carries a write's sender id in its context.
type senderKey struct{}

// WithSender marks the writes made with ctx as sent by the cache of that
// id; a Notifier publishes the id with them (InvalidationMessages).
func WithSender(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, senderKey{}, id)
}

// SenderOf is the sender id WithSender put in ctx, "" if none.
func SenderOf(ctx context.Context) string {
	id, _ := ctx.Value(senderKey{}).(string)
	return id
}

// newSenderID is a cache's id: random, so that no two caches of any
// processes share one (64 bits: a collision would only make two caches
// skip each other's notifications).
func newSenderID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return b64.EncodeToString(b[:])
}

// Subscriber receives a store's invalidations, from one goroutine.
type Subscriber interface {
	// Invalidate drops what inv names.
	Invalidate(inv Invalidation)
	// Lost says that invalidations may have been missed since the last
	// Live (the subscription's connection failed): forget everything and
	// cache nothing until Live.
	Lost()
	// Live says that the subscription is established (again).
	Live()
}

// Notifier is a Backend that publishes its writes to other processes.
type Notifier interface {
	// Subscribe delivers every invalidation any writer of the store
	// publishes to s, from a goroutine of its own, until ctx ends; it
	// returns at once. It starts by calling Live once subscribed, and
	// calls Lost, then Live again, around each lost connection.
	Subscribe(ctx context.Context, s Subscriber)
}

// notifierOf finds the Notifier behind a Store, if there is one.
func notifierOf(s Store) Notifier {
	switch x := s.(type) {
	case Notifier:
		return x
	case *typedStore:
		n, _ := x.b.(Notifier)
		return n
	}
	return nil
}

// HeartbeatInterval is how often an idle subscription checks its
// connection; a connection that fails silently is noticed within twice
// this (a closed one at once).
const HeartbeatInterval = time.Second

// subscribeWait bounds how long NewCache waits for its subscription: until
// then the cache fills nothing (reads all go to the store).
const subscribeWait = 2 * time.Second

// subscription is a Cache's subscription to its store's invalidations.
type subscription struct{ cancel context.CancelFunc }

// subscribe starts c's subscription if its store publishes; the cache
// caches nothing until the subscription is live.
func (c *Cache) subscribe(s Store) *subscription {
	n := notifierOf(s)
	if n == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	cs := &cacheSubscriber{c: c, live: make(chan struct{})}
	cs.pause()
	n.Subscribe(ctx, cs)
	select {
	case <-cs.live:
	case <-time.After(subscribeWait):
	}
	return &subscription{cancel: cancel}
}

func (s *subscription) stop() {
	if s != nil {
		s.cancel()
	}
}

// cacheSubscriber applies invalidations to a Cache.
type cacheSubscriber struct {
	c      *Cache
	paused bool
	live   chan struct{} // closed at the first Live
	once   sync.Once
}

// pause marks a write in progress on every stripe: no miss fills the
// cache (cache.go) until resume.
func (s *cacheSubscriber) pause() {
	if s.paused {
		return
	}
	s.paused = true
	for i := range s.c.active {
		s.c.active[i].Add(1)
	}
	s.c.InvalidateAll()
}

func (s *cacheSubscriber) resume() {
	if !s.paused {
		return
	}
	// Empty again: a fill refused nothing it began before the pause only if
	// its generation moved, which InvalidateAll makes sure of.
	s.c.InvalidateAll()
	for i := range s.c.active {
		s.c.active[i].Add(-1)
	}
	s.paused = false
}

func (s *cacheSubscriber) Lost() { s.pause() }

func (s *cacheSubscriber) Live() {
	s.resume()
	s.once.Do(func() { close(s.live) })
}

func (s *cacheSubscriber) Invalidate(inv Invalidation) {
	if inv.Sender != "" && inv.Sender == s.c.sender {
		// Our own write: Cache.Write invalidated these keys around it, and
		// dropping them again only costs misses (and refuses fills that
		// began after the write, which are of the new rows).
		return
	}
	if inv.All {
		s.c.invalidateView(inv.View)
		return
	}
	for _, e := range inv.Entities {
		ck := entityCacheKey(inv.View, e)
		// As after a local write (Cache.Write): a fill that began before
		// the other process's write committed is refused by the
		// generation, one that ended is removed.
		s.c.gen(ck).Add(1)
		s.c.c.Invalidate(ck)
	}
}

// invalidateView drops every entry of one view.
func (c *Cache) invalidateView(view string) {
	for i := range c.gens {
		c.gens[i].Add(1)
	}
	prefix := entityCacheKey(view, nil)
	for k := range c.c.Keys() {
		if strings.HasPrefix(k, prefix) {
			c.c.Invalidate(k)
		}
	}
}

// entityCacheKey is cacheKey (key.go) from the view's name and an encoded
// entity; TestEntityCacheKey keeps the two equal.
func entityCacheKey(view string, entity []byte) string {
	b := make([]byte, 0, binary.MaxVarintLen64+len(view)+len(entity))
	b = binary.AppendUvarint(b, uint64(len(view)))
	return string(append(append(b, view...), entity...))
}

// Invalidation messages are text (PostgreSQL's NOTIFY takes text):
//
//	pitgate2 <sender id | -> <view, base64> <* | entity,entity,... each base64>
//
// The sender is the writing cache's id ("-" for none). The older
// "pitgate1 <view> <entities>", without a sender, is still read.
const (
	invalidationTag = "pitgate2"
	tagNoSender     = "pitgate1"
	noSender        = "-"
)

var b64 = base64.RawStdEncoding

// InvalidationMessages encodes what recs (sorted by view, as Put gets
// them) wrote, sent by the cache of id sender ("" for none, SenderOf the
// write's context), as messages of at most maxPayload bytes, at most
// maxMessages of them per view; a view whose keys need more is sent as All.
func InvalidationMessages(sender string, recs []Record, maxPayload, maxMessages int) []string {
	if sender == "" {
		sender = noSender
	}
	var out []string
	for lo := 0; lo < len(recs); {
		hi := lo
		for hi < len(recs) && recs[hi].View == recs[lo].View {
			hi++
		}
		out = append(out, viewMessages(sender, recs[lo:hi], maxPayload, maxMessages)...)
		lo = hi
	}
	return out
}

func viewMessages(sender string, recs []Record, maxPayload, maxMessages int) []string {
	head := invalidationTag + " " + sender + " " + b64.EncodeToString([]byte(recs[0].View)) + " "
	var out []string
	var b strings.Builder
	for _, r := range recs {
		n := b64.EncodedLen(len(r.Entity))
		if b.Len() > 0 && b.Len()+1+n > maxPayload {
			out = append(out, b.String())
			b.Reset()
		}
		if len(out) == maxMessages || len(head)+n > maxPayload {
			return []string{head + "*"}
		}
		if b.Len() == 0 {
			b.WriteString(head)
		} else {
			b.WriteByte(',')
		}
		b.WriteString(b64.EncodeToString(r.Entity))
	}
	return append(out, b.String())
}

// ParseInvalidation reads a message; ok is false for one that is not an
// invalidation of this format (the subscriber then forgets everything).
func ParseInvalidation(msg string) (inv Invalidation, ok bool) {
	parts := strings.Split(msg, " ")
	switch {
	case len(parts) == 4 && parts[0] == invalidationTag && parts[1] != "":
		if parts[1] != noSender {
			inv.Sender = parts[1]
		}
		parts = parts[1:]
	case len(parts) == 3 && parts[0] == tagNoSender:
	default:
		return inv, false
	}
	view, err := b64.DecodeString(parts[1])
	if err != nil {
		return inv, false
	}
	inv.View = string(view)
	if parts[2] == "*" {
		inv.All = true
		return inv, true
	}
	for _, e := range strings.Split(parts[2], ",") {
		ent, err := b64.DecodeString(e)
		if err != nil || len(ent) == 0 {
			return inv, false
		}
		inv.Entities = append(inv.Entities, ent)
	}
	return inv, true
}

// Deliver parses msg and hands it to s; a message it cannot read makes s
// forget everything (Lost then Live), the safe reading.
func Deliver(s Subscriber, msg string) {
	if inv, ok := ParseInvalidation(msg); ok {
		s.Invalidate(inv)
		return
	}
	s.Lost()
	s.Live()
}
