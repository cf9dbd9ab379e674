package snowflake

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

func TestMapError(t *testing.T) {
	live := context.Background()
	cancelled, cancel := context.WithCancel(live)
	cancel()
	expired, cancel2 := context.WithDeadline(live, time.Now().Add(-time.Second))
	defer cancel2()
	cases := []struct {
		ctx  context.Context
		err  error
		code string
		msg  string
	}{
		{live, &sf.SnowflakeError{Number: 2003, SQLState: "42S02", Message: "SQL compilation error: Object 'X' does not exist or not authorized.", QueryID: "01b2"}, sqlerr.UndefinedTable, "does not exist"},
		{live, &sf.SnowflakeError{Number: 904, SQLState: "42000", Message: "invalid identifier 'Y'"}, sqlerr.UndefinedColumn, "invalid identifier"},
		{live, &sf.SnowflakeError{Number: 1003, SQLState: "42000", Message: "syntax error line 1"}, sqlerr.Syntax, "syntax error"},
		{live, &sf.SnowflakeError{Number: 100051, SQLState: "22012", Message: "Division by zero"}, sqlerr.DivisionByZero, "Division"},
		{live, &sf.SnowflakeError{Number: 99999, SQLState: "22003", Message: "out of range"}, "22003", "out of range"},
		{live, &sf.SnowflakeError{Number: 99998, SQLState: "XX999", Message: "odd"}, sqlerr.Internal, "odd"},
		{live, &sf.SnowflakeError{Number: 604, SQLState: "57014", Message: "SQL execution canceled"}, sqlerr.QueryCanceled, "canceled"},
		{cancelled, errors.New("driver: bad connection"), sqlerr.QueryCanceled, "user request"},
		{expired, context.DeadlineExceeded, sqlerr.QueryCanceled, "statement timeout"},
		{live, sqlerr.New(sqlerr.FeatureNotSupported, "ours"), sqlerr.FeatureNotSupported, "ours"},
	}
	for _, c := range cases {
		err := mapError(c.ctx, c.err)
		if sqlerr.Code(err) != c.code || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%v: %s %v, want %s containing %q", c.err, sqlerr.Code(err), err, c.code, c.msg)
		}
	}
	var se *sqlerr.Error
	if errors.As(mapError(live, cases[0].err), &se); se == nil || !strings.Contains(se.Detail, "002003") || !strings.Contains(se.Detail, "01b2") {
		t.Fatalf("detail %+v should name Snowflake's error number and query id", se)
	}
}

// TestOpenUnreachable: a Snowflake that cannot be reached is 08006 with the
// reason, within the login timeout, not a hang.
func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := Open(ctx, Config{DSN: "alice:pw@acct/DB?host=127.0.0.1&port=1&protocol=http&loginTimeout=3"})
	if code := sqlerr.Code(err); code != sqlerr.ConnectionFailure || !strings.Contains(err.Error(), "connecting to Snowflake") {
		t.Fatalf("got %s %v", code, err)
	}
}
