package postgres_test

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
)

func TestConformance(t *testing.T) {
	onlinetest.Run(t, func(t *testing.T) online.Store {
		s, err := postgres.Open(context.Background(), postgres.Options{DSN: onlinetest.PostgresDSN(t)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
