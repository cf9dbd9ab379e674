package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// DefaultPostgres is the test PostgreSQL when PITGATE_TEST_PG is not set.
const DefaultPostgres = "postgres://root@127.0.0.1:5432/test?sslmode=disable"

// ICUDatabase is the database PostgresICU creates once and keeps: its
// default collation is ICU's en-US, where 'B' sorts after 'a' and 'b'
// (byte-wise it sorts before both), so a byte-wise contract shows there.
const ICUDatabase = "pitgate_test_icu"

// PostgresDSN is PITGATE_TEST_PG, or DefaultPostgres.
func PostgresDSN() string {
	if dsn := os.Getenv("PITGATE_TEST_PG"); dsn != "" {
		return dsn
	}
	return DefaultPostgres
}

// Postgres returns a DSN of the test PostgreSQL whose search_path is a
// fresh schema of its own, dropped (with everything in it) when t ends.
// When PostgreSQL is unreachable it skips t, or fails it under CI=true.
func Postgres(t testing.TB) string {
	t.Helper()
	return freshSchema(t, PostgresDSN())
}

// PostgresICU is Postgres in ICUDatabase, created on first use.
func PostgresICU(t testing.TB) string {
	t.Helper()
	base := PostgresDSN()
	admin := openPostgres(t, base)
	defer admin.Close()
	if err := createICUDatabase(admin); err != nil {
		unavailable(t, "cannot create the ICU-collated test database %s (PostgreSQL 15+ built with ICU needed): %v", ICUDatabase, err)
	}
	return freshSchema(t, withParam(base, "dbname", ICUDatabase))
}

// PostgresWarehouse opens the PostgreSQL connector on dsn, closed when t
// ends, and writes the demo data of cfg into it (into dsn's search_path).
func PostgresWarehouse(t testing.TB, dsn string, cfg datagen.Config) *postgres.DB {
	t.Helper()
	db := openPostgres(t, dsn)
	t.Cleanup(func() { db.Close() })
	if _, err := datagen.Write(context.Background(), db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

// freshSchema creates a schema with a random name in base's database and
// returns base with that schema as its search_path.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	admin := openPostgres(t, base)
	schema := "pitgate_test_" + randomHex(6)
	ctx := context.Background()
	if err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	return withParam(base, "search_path", schema)
}

// openPostgres opens the connector, skipping (or, under CI, failing) the
// test when the server does not answer.
func openPostgres(t testing.TB, dsn string) *postgres.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		unavailable(t, "PostgreSQL at %s (PITGATE_TEST_PG) is unreachable: %v", redact(dsn), err)
	}
	return db
}

func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if CI() {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

func createICUDatabase(admin *postgres.DB) error {
	ctx := context.Background()
	rows, err := admin.Query(ctx, "SELECT count(*) FROM pg_database WHERE datname = '"+ICUDatabase+"'")
	if err != nil {
		return err
	}
	exists := rows.Next() && rows.Values()[0] != int64(0)
	rows.Close()
	if exists {
		return nil
	}
	err = admin.Exec(ctx, "CREATE DATABASE "+ICUDatabase+
		" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
	switch sqlerr.Code(err) {
	case "42P04", "23505": // created meanwhile by a test in another package
		return nil
	}
	return err
}

// withParam sets a connection parameter in a URL or key=value DSN.
func withParam(dsn, key, value string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if key == "dbname" {
			u.Path = "/" + value
			return u.String()
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " " + key + "=" + value
}

// redact hides a password in a URL DSN for messages.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return dsn
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
