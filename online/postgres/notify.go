package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/online"
)

// Every Put notifies what it wrote on the table's channel, in its
// transaction: PostgreSQL delivers the notification at commit, and not at
// all on rollback. The caches of other processes on the same table listen
// (online/invalidate.go).
const (
	// maxPayload is NOTIFY's limit (8000 bytes) less a margin; a view
	// whose keys need more than maxMessages notifications is invalidated
	// whole.
	maxPayload  = 7900
	maxMessages = 32
	// SubscriberName starts the application_name of the listening
	// connection, which pg_stat_activity shows as SubscriberName, a space
	// and the channel.
	SubscriberName = "pitgate-invalidate"
)

var _ online.Notifier = (*Backend)(nil)

// initChannel names the channel after the table's oid: processes whose
// search_paths resolve the same table share it, and no two tables do.
func (b *Backend) initChannel(ctx context.Context) error {
	var oid uint32
	if err := b.pool.QueryRow(ctx, "SELECT $1::regclass::oid", b.table).Scan(&oid); err != nil {
		return b.fail(err)
	}
	b.channel = "pitgate_online_" + strconv.FormatUint(uint64(oid), 10)
	return nil
}

// Channel is the LISTEN channel of this store's invalidations.
func (b *Backend) Channel() string { return b.channel }

// notify queues the invalidations of recs in tx, with the sender id of
// ctx (the writing cache, which skips them).
func (b *Backend) notify(ctx context.Context, tx pgx.Tx, recs []online.Record) error {
	msgs := online.InvalidationMessages(online.SenderOf(ctx), recs, maxPayload, maxMessages)
	if len(msgs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, "SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m", b.channel, msgs)
	return err
}

// Subscribe listens on the channel on a connection of its own until ctx
// ends, connecting again (after a pause) whenever that connection fails.
func (b *Backend) Subscribe(ctx context.Context, s online.Subscriber) {
	go func() {
		for ctx.Err() == nil {
			if b.listen(ctx, s) {
				s.Lost()
			}
			select {
			case <-ctx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
}

// listen connects, LISTENs and delivers notifications until ctx ends or
// the connection fails; wasLive says whether it had been listening. An
// idle connection is pinged every heartbeat.
func (b *Backend) listen(ctx context.Context, s online.Subscriber) (wasLive bool) {
	cfg := b.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = SubscriberName + " " + b.channel
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{b.channel}.Sanitize()); err != nil {
		return false
	}
	s.Live()
	for {
		wait, cancel := context.WithTimeout(ctx, online.HeartbeatInterval)
		n, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case err == nil:
			online.Deliver(s, n.Payload)
		case ctx.Err() != nil:
			return true
		case errors.Is(err, context.DeadlineExceeded) && pingWithin(ctx, conn):
		default:
			return true
		}
	}
}

// pingWithin checks an idle connection, waiting at most a heartbeat.
func pingWithin(ctx context.Context, conn *pgx.Conn) bool {
	ctx, cancel := context.WithTimeout(ctx, online.HeartbeatInterval)
	defer cancel()
	return conn.Ping(ctx) == nil
}
