package bigquery

import (
	"context"
	"fmt"
	"testing"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// TestMapError maps errors shaped as BigQuery sends them (reasons and
// messages from https://cloud.google.com/bigquery/docs/error-messages):
// a refused request (googleapi.Error) and a failed job (bigquery.Error).
// The emulator reports every query error as jobInternalError, so this
// table is where the reasons are checked.
func TestMapError(t *testing.T) {
	api := func(code int, reason, msg string) error {
		return fmt.Errorf("wrapped: %w", &googleapi.Error{Code: code, Message: msg,
			Errors: []googleapi.ErrorItem{{Reason: reason, Message: msg}}})
	}
	job := func(reason, msg string) error { return &bigquery.Error{Reason: reason, Message: msg} }
	cases := []struct {
		name string
		err  error
		code string
		hint bool
	}{
		{"table not found", api(404, "notFound", "Not found: Table p:d.t was not found in location US"), sqlerr.UndefinedTable, false},
		{"dataset not found", job("notFound", "Not found: Dataset p:nods was not found in location US"), sqlerr.UndefinedTable, false},
		{"unrecognized name", job("invalidQuery", "Unrecognized name: nope at [1:8]"), sqlerr.UndefinedColumn, false},
		{"field not found", job("invalidQuery", "Name nope not found inside t at [1:10]"), sqlerr.UndefinedColumn, false},
		{"function", job("invalidQuery", "Function not found: nofunc at [1:8]"), sqlerr.UndefinedFunction, false},
		{"signature", job("invalidQuery", "No matching signature for operator + for argument types: STRING, INT64"), sqlerr.UndefinedFunction, false},
		{"ambiguous", job("invalidQuery", "Column name id is ambiguous at [1:8]"), sqlerr.AmbiguousColumn, false},
		{"syntax", api(400, "invalidQuery", `Syntax error: Unexpected identifier "SELEC" at [1:1]`), sqlerr.Syntax, false},
		{"other invalid query", job("invalidQuery", "Cannot query over table without a filter"), sqlerr.Syntax, false},
		{"division", job("invalidQuery", "Division by zero: 1 / 0"), sqlerr.DivisionByZero, false},
		{"access denied", api(403, "accessDenied", "Access Denied: Project p: User does not have bigquery.jobs.create permission"), sqlerr.InsufficientPriv, true},
		{"quota", api(403, "quotaExceeded", "Quota exceeded: Your project exceeded quota for free query bytes scanned"), "53000", true},
		{"rate limit", api(403, "rateLimitExceeded", "Exceeded rate limits: too many concurrent queries"), "53000", true},
		{"bytes billed", job("bytesBilledLimitExceeded", "Query exceeded limit for bytes billed: 1000000. 20971520 or higher required."), "54000", true},
		{"response too large", job("responseTooLarge", "Response too large to return"), "54000", false},
		{"stopped", job("stopped", "Job execution was cancelled: User requested cancellation"), sqlerr.QueryCanceled, false},
		{"backend", api(500, "backendError", "Backend error"), "58000", false},
		{"unauthenticated", api(401, "", "Request had invalid authentication credentials"), "28000", false},
		{"forbidden without reason", api(403, "", "Forbidden"), sqlerr.InsufficientPriv, false},
		{"unknown reason", job("somethingNew", "new"), sqlerr.Internal, false},
		{"plain error", fmt.Errorf("dial tcp: refused"), sqlerr.Internal, false},
		{"canceled", context.Canceled, sqlerr.QueryCanceled, false},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), sqlerr.QueryCanceled, false},
	}
	for _, c := range cases {
		err := mapError(context.Background(), c.err)
		se, ok := err.(*sqlerr.Error)
		if !ok || se.Code != c.code {
			t.Errorf("%s: %s %v, want %s", c.name, sqlerr.Code(err), err, c.code)
			continue
		}
		if (se.Hint != "") != c.hint {
			t.Errorf("%s: hint %q", c.name, se.Hint)
		}
		if asJob, _ := c.err.(*bigquery.Error); asJob != nil && se.Message != asJob.Message {
			t.Errorf("%s: message %q, want BigQuery's %q", c.name, se.Message, asJob.Message)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := mapError(ctx, job("jobInternalError", "x")); sqlerr.Code(err) != sqlerr.QueryCanceled {
		t.Errorf("an error after the context ended: %v, want 57014", err)
	}
}
