package bigquery

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// SQLSTATEs BigQuery's errors map to beyond sqlerr's names.
const (
	insufficientResources = "53000"
	programLimitExceeded  = "54000"
	duplicateTable        = "42P07"
	invalidAuthorization  = "28000"
	systemError           = "58000"
)

// reasonCodes are the SQLSTATEs of BigQuery's error reasons
// (https://cloud.google.com/bigquery/docs/error-messages). invalidQuery is
// refined by its message (queryCode); reasons not listed are XX000.
var reasonCodes = map[string]string{
	"notFound":                 sqlerr.UndefinedTable,
	"invalidQuery":             sqlerr.Syntax,
	"invalid":                  sqlerr.InvalidParameter,
	"accessDenied":             sqlerr.InsufficientPriv,
	"billingNotEnabled":        sqlerr.InsufficientPriv,
	"invalidUser":              invalidAuthorization,
	"authError":                invalidAuthorization,
	"duplicate":                duplicateTable,
	"quotaExceeded":            insufficientResources,
	"rateLimitExceeded":        insufficientResources,
	"resourcesExceeded":        insufficientResources,
	"bytesBilledLimitExceeded": programLimitExceeded,
	"billingTierLimitExceeded": programLimitExceeded,
	"responseTooLarge":         programLimitExceeded,
	"notImplemented":           sqlerr.FeatureNotSupported,
	"stopped":                  sqlerr.QueryCanceled,
	"timeout":                  sqlerr.QueryCanceled,
	"backendError":             systemError,
	"internalError":            sqlerr.Internal,
	"jobInternalError":         sqlerr.Internal,
	"jobBackendError":          systemError,
	"tableUnavailable":         systemError,
}

// hints say what to do about the errors whose cause is pitgate's
// configuration rather than the query.
var hints = map[string]string{
	"bytesBilledLimitExceeded": "the query would bill more than warehouse.maximum_bytes_billed; narrow it, or raise the limit",
	"quotaExceeded":            "a BigQuery quota of the project ran out; see the project's quotas page, or retry later",
	"rateLimitExceeded":        "BigQuery is rate-limiting the project; retry later",
	"accessDenied":             "the credentials pitgate runs with lack a permission (roles/bigquery.jobUser on the project, dataViewer on the dataset)",
	"billingNotEnabled":        "enable billing on the project, or use BigQuery's sandbox limits",
}

// mapError turns what the SDK returned into an *sqlerr.Error. ctx tells a
// job stopped by its caller from one BigQuery refused.
func mapError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var se *sqlerr.Error
	if errors.As(err, &se) {
		return se
	}
	if e := cancelled(ctx, err); e != nil {
		return e
	}
	if reason, msg, status, ok := apiError(err); ok {
		return fromReason(reason, msg, status)
	}
	return &sqlerr.Error{Code: sqlerr.Internal, Message: "BigQuery: " + err.Error()}
}

// apiError finds BigQuery's reason and message in err: a googleapi.Error
// (a refused request) or a bigquery.Error (a job that failed).
func apiError(err error) (reason, msg string, status int, ok bool) {
	var be *bigquery.Error
	if errors.As(err, &be) {
		return be.Reason, be.Message, 0, true
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		msg = ge.Message
		if len(ge.Errors) > 0 {
			reason = ge.Errors[0].Reason
			if ge.Errors[0].Message != "" {
				msg = ge.Errors[0].Message
			}
		}
		return reason, msg, ge.Code, true
	}
	return "", "", 0, false
}

// fromReason is the error for a BigQuery reason, its message kept.
func fromReason(reason, msg string, status int) *sqlerr.Error {
	code, ok := reasonCodes[reason]
	switch {
	case reason == "invalidQuery":
		code = queryCode(msg)
	case !ok && status == http.StatusUnauthorized:
		code = invalidAuthorization
	case !ok && status == http.StatusForbidden:
		code = sqlerr.InsufficientPriv
	case !ok:
		code = sqlerr.Internal
	}
	e := &sqlerr.Error{Code: code, Message: msg}
	if e.Message == "" {
		e.Message = "BigQuery: " + reason
	}
	if h := hints[reason]; h != "" {
		e.Hint = h
	}
	return e
}

// queryMessages refine invalidQuery by the start of GoogleSQL's message.
var queryMessages = []struct{ prefix, code string }{
	{"Unrecognized name", sqlerr.UndefinedColumn},
	{"Name ", sqlerr.UndefinedColumn}, // "Name x not found inside t"
	{"Function not found", sqlerr.UndefinedFunction},
	{"No matching signature", sqlerr.UndefinedFunction},
	{"Not found: Table", sqlerr.UndefinedTable},
	{"Not found: Dataset", sqlerr.UndefinedTable},
	{"Table not found", sqlerr.UndefinedTable},
	{"Column name ", sqlerr.AmbiguousColumn}, // "Column name x is ambiguous"
	{"Division by zero", sqlerr.DivisionByZero},
	{"Syntax error", sqlerr.Syntax},
}

func queryCode(msg string) string {
	for _, m := range queryMessages {
		if strings.HasPrefix(msg, m.prefix) {
			if m.code == sqlerr.AmbiguousColumn && !strings.Contains(msg, "ambiguous") {
				continue
			}
			return m.code
		}
	}
	return sqlerr.Syntax
}

// cancelled is 57014 for a job whose context ended, with PostgreSQL's
// messages for a cancel and a timeout.
func cancelled(ctx context.Context, err error) *sqlerr.Error {
	msg := ""
	switch {
	case errors.Is(err, context.DeadlineExceeded), ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		msg = "canceling statement due to statement timeout"
	case errors.Is(err, context.Canceled), ctx != nil && errors.Is(ctx.Err(), context.Canceled):
		msg = "canceling statement due to user request"
	default:
		return nil
	}
	return &sqlerr.Error{Code: sqlerr.QueryCanceled, Message: msg}
}
