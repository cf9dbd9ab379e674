package gateway_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pitgate/pitgate/internal/testenv"
)

// Errors wire raises itself (a Bind with the wrong parameter count, an
// unknown portal or statement) fail an open block through Session.Failed:
// pitgate and PostgreSQL answer each the same, then 25P02 until ROLLBACK.
func TestWireErrorsFailTheBlockLikePostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	cases := map[string]func(*pgconn.PgConn) error{
		"bind with the wrong parameter count": func(c *pgconn.PgConn) error {
			if _, err := c.Prepare(context.Background(), "two", "SELECT $1::int8 + 1", nil); err != nil {
				return err
			}
			return c.ExecPrepared(context.Background(), "two", [][]byte{[]byte("1"), []byte("2")}, nil, nil).Read().Err
		},
		"bind of an unknown statement": func(c *pgconn.PgConn) error {
			return c.ExecPrepared(context.Background(), "nope", nil, nil, nil).Read().Err
		},
		"execute of an unknown portal": func(c *pgconn.PgConn) error {
			return rawCycle(c, &pgproto3.Execute{Portal: "nope"})
		},
		"bad binary parameter": func(c *pgconn.PgConn) error {
			return c.ExecParams(context.Background(), "SELECT $1::int8", [][]byte{{0, 0, 0, 0, 0, 0, 0, 1, 2}}, []uint32{20}, []int16{1}, nil).Read().Err
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			for _, c := range []*pgconn.PgConn{pg, gw} {
				if err := c.Exec(context.Background(), "BEGIN").Close(); err != nil {
					t.Fatal(err)
				}
			}
			wantErr, gotErr := codeOf(run(pg)), codeOf(run(gw))
			if gotErr != wantErr || pg.TxStatus() != gw.TxStatus() {
				t.Errorf("pitgate: %s then %c; postgresql: %s then %c", gotErr, gw.TxStatus(), wantErr, pg.TxStatus())
			}
			if got := runStep(gw, "simple", "SELECT 1"); got != runStep(pg, "simple", "SELECT 1") || got != "ERROR 25P02 E" {
				t.Errorf("next statement: %s, want ERROR 25P02 E", got)
			}
			for _, c := range []*pgconn.PgConn{pg, gw} {
				if got := runStep(c, "simple", "ROLLBACK"); got != "ROLLBACK I" {
					t.Errorf("ROLLBACK: %s", got)
				}
				c.Exec(context.Background(), "DEALLOCATE ALL").Close()
			}
		})
	}
}

// rawCycle sends msg and a Sync and returns the cycle's error, if any.
func rawCycle(c *pgconn.PgConn, msg pgproto3.FrontendMessage) error {
	fe := c.Frontend()
	fe.Send(msg)
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		return err
	}
	c.Conn().SetReadDeadline(time.Now().Add(20 * time.Second))
	defer c.Conn().SetReadDeadline(time.Time{})
	var failed error
	for {
		m, err := fe.Receive()
		if err != nil {
			return err
		}
		switch m := m.(type) {
		case *pgproto3.ErrorResponse:
			failed = pgconn.ErrorResponseToPgError(m)
		case *pgproto3.ReadyForQuery:
			return failed
		}
	}
}

func codeOf(err error) string {
	if pgErr, ok := err.(*pgconn.PgError); ok {
		return pgErr.Code
	}
	if err == nil {
		return "no error"
	}
	return err.Error()
}
