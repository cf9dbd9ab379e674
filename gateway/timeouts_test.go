package gateway_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// serveWithSettings serves the demo repository over a small demo
// warehouse with configured setting defaults, and connects with pgx.
func serveWithSettings(t *testing.T, settings map[string]string) *pgx.Conn {
	t.Helper()
	cfg := testenv.SmallDemo()
	cfg.Orders = 10
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: testenv.Warehouse(t, cfg),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Settings: settings})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	conn, err := pgx.Connect(ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func show(t *testing.T, conn *pgx.Conn, name string) string {
	t.Helper()
	var v string
	if err := conn.QueryRow(context.Background(), "SHOW "+name).Scan(&v); err != nil {
		t.Fatalf("SHOW %s: %v", name, err)
	}
	return v
}

func exec(t *testing.T, conn *pgx.Conn, sql string) error {
	t.Helper()
	_, err := conn.Exec(context.Background(), sql)
	return err
}

// TestIdleTimeoutSettings: configured defaults show and RESET returns to
// them; SET checks values in PostgreSQL's words; max_connections reports
// the configured limit and cannot be SET.
func TestIdleTimeoutSettings(t *testing.T) {
	conn := serveWithSettings(t, map[string]string{"idle_session_timeout": "10min", "max_connections": "7"})
	if got := show(t, conn, "idle_session_timeout"); got != "10min" {
		t.Errorf("idle_session_timeout = %q, want the configured 10min", got)
	}
	if got := show(t, conn, "idle_in_transaction_session_timeout"); got != "0" {
		t.Errorf("idle_in_transaction_session_timeout = %q, want 0", got)
	}
	if got := show(t, conn, "max_connections"); got != "7" {
		t.Errorf("max_connections = %q, want 7", got)
	}
	if err := exec(t, conn, "SET idle_session_timeout = '5s'"); err != nil {
		t.Fatal(err)
	}
	if got := show(t, conn, "idle_session_timeout"); got != "5s" {
		t.Errorf("after SET: %q", got)
	}
	if err := exec(t, conn, "RESET idle_session_timeout"); err != nil {
		t.Fatal(err)
	}
	if got := show(t, conn, "idle_session_timeout"); got != "10min" {
		t.Errorf("after RESET: %q, want the configured 10min", got)
	}
	for sql, want := range map[string]string{
		"SET idle_session_timeout = 'soon'":              `invalid value for parameter "idle_session_timeout": "soon"`,
		"SET idle_in_transaction_session_timeout = '-1'": `-1 ms is outside the valid range for parameter "idle_in_transaction_session_timeout" (0 .. 2147483647)`,
		"SET max_connections = 5":                        `parameter "max_connections" cannot be changed`,
	} {
		var pgErr *pgconn.PgError
		if err := exec(t, conn, sql); !errors.As(err, &pgErr) || pgErr.Message != want {
			t.Errorf("%s: %v, want %q", sql, err, want)
		}
	}
}

func TestSettingDefaultsAreChecked(t *testing.T) {
	for settings, want := range map[string]map[string]string{
		`gateway: unknown setting "no_such"`: {"no_such": "1"},
		`gateway: setting idle_session_timeout: invalid value for parameter "idle_session_timeout": "x"`: {"idle_session_timeout": "x"},
	} {
		_, err := gateway.New(gateway.Config{Repo: testenv.Repo(t), Warehouse: testenv.Warehouse(t, testenv.SmallDemo()), Settings: want})
		if err == nil || err.Error() != settings {
			t.Errorf("New with %v: %v, want %q", want, err, settings)
		}
	}
}

// TestSetIdleSessionTimeoutEndsTheSession: the session's SET reaches wire,
// which ends the idle connection with PostgreSQL's FATAL 57P05; inside a
// transaction block idle_in_transaction_session_timeout's 25P03.
func TestSetIdleSessionTimeoutEndsTheSession(t *testing.T) {
	for _, tc := range []struct{ set, begin, code string }{
		{"SET idle_session_timeout = 50", "", "57P05"},
		{"SET idle_in_transaction_session_timeout = '50ms'", "BEGIN", "25P03"},
	} {
		conn := serveWithSettings(t, nil)
		if err := exec(t, conn, tc.set); err != nil {
			t.Fatal(err)
		}
		if tc.begin != "" {
			if err := exec(t, conn, tc.begin); err != nil {
				t.Fatal(err)
			}
		}
		// The FATAL arrives unasked: read it straight off the connection.
		hc, err := conn.PgConn().Hijack()
		if err != nil {
			t.Fatal(err)
		}
		hc.Conn.SetDeadline(time.Now().Add(20 * time.Second))
		msg, err := hc.Frontend.Receive()
		if e, ok := msg.(*pgproto3.ErrorResponse); err != nil || !ok || e.Code != tc.code || e.Severity != "FATAL" {
			t.Errorf("%s: after idling got %#v, %v; want FATAL %s", tc.set, msg, err, tc.code)
		}
		hc.Conn.Close()
	}
}
