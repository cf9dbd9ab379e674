package onlinetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/online/redis"
)

// DefaultRedis and DefaultPostgres are used when PITGATE_TEST_REDIS and
// PITGATE_TEST_PG are not set.
const (
	DefaultRedis    = "127.0.0.1:6379"
	DefaultPostgres = "postgres://root@127.0.0.1:5432/test?sslmode=disable"
)

func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// RedisAddr is the test Redis's address; it skips t (fails it under
// CI=true) when nothing answers there.
func RedisAddr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv("PITGATE_TEST_REDIS")
	if addr == "" {
		addr = DefaultRedis
	}
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		unavailable(t, "Redis at %s (PITGATE_TEST_REDIS) is unreachable: %v", addr, err)
	}
	conn.Close()
	return addr
}

// Prefix is a Redis key prefix of t's own.
func Prefix(t testing.TB) string { return "pitgate_test:" + RandomName(t) + ":" }

// RandomName is a fresh lower-case name for a schema or prefix.
func RandomName(testing.TB) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "t" + hex.EncodeToString(b)
}

// PostgresDSN is a DSN of the test PostgreSQL whose search_path is a fresh
// schema, dropped when t ends. It skips t (fails it under CI=true) when
// PostgreSQL is unreachable.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("PITGATE_TEST_PG")
	if base == "" {
		base = DefaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		unavailable(t, "PostgreSQL at %s (PITGATE_TEST_PG) is unreachable: %v", base, err)
	}
	schema := "pitgate_online_" + RandomName(t)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		conn.Close(ctx)
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	return withSearchPath(base, schema)
}

func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}

// RedisBackend is a Redis store backend with a key prefix of t's own,
// whose keys are deleted when t ends (through a connection of its own, so
// that closing the backend first does not matter).
func RedisBackend(t testing.TB) *redis.Backend {
	t.Helper()
	addr := RedisAddr(t)
	ctx := context.Background()
	prefix := Prefix(t)
	b, err := redis.OpenBackend(ctx, redis.Options{Addr: addr, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		clean, err := redis.OpenBackend(ctx, redis.Options{Addr: addr, Prefix: prefix})
		if err != nil {
			t.Errorf("clean up redis prefix %s: %v", prefix, err)
			return
		}
		defer clean.Close()
		if err := clean.Clear(ctx); err != nil {
			t.Errorf("clean up redis prefix %s: %v", prefix, err)
		}
	})
	return b
}
