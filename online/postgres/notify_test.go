package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
	"github.com/pitgate/pitgate/registry"
)

// TestInvalidation runs the cross-process suite on one table: every store
// of the test is a pool of its own, as another process would have.
func TestInvalidation(t *testing.T) {
	ctx := context.Background()
	dsn := onlinetest.PostgresDSN(t)
	first, err := postgres.OpenBackend(ctx, postgres.Options{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	raw, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close(ctx)
	onlinetest.RunInvalidation(t, onlinetest.Shared{
		Open: func(t *testing.T) online.Store {
			s, err := postgres.Open(ctx, postgres.Options{DSN: dsn})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		WriteSilently: func(t *testing.T, v *registry.FeatureView, rows []online.Row) {
			recs, err := online.EncodeRows(v, rows)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				_, err := raw.Exec(ctx, `UPDATE pitgate_online SET event_ts = $1, blob = $2
WHERE feature_view = $3 AND entity = $4`, r.EventTS, r.Blob, r.View, r.Entity)
				if err != nil {
					t.Fatal(err)
				}
			}
		},
		KillSubscribers: func(t *testing.T) {
			var killed int
			err := raw.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE application_name = $1`, postgres.SubscriberName+" "+first.Channel()).Scan(&killed)
			if err != nil {
				t.Fatal(err)
			}
			if killed == 0 {
				t.Fatalf("no listening connection of channel %s to kill", first.Channel())
			}
		},
		// More keys than 32 notifications of 7900 bytes list.
		BigBatch: 20_000,
	})
}
