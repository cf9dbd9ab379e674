package wire

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Causes of a cancelled query context, read with context.Cause. A Handler
// maps them to its own errors (57014 for a cancelled statement).
var (
	ErrQueryCanceled    = errors.New("canceling statement due to user request")
	ErrConnectionClosed = errors.New("client connection closed")
	ErrServerShutdown   = errors.New("terminating connection due to administrator command")
)

// SQLSTATE codes wire itself reports.
const (
	codeProtocolViolation = "08P01"
	codeNotSupported      = "0A000"
	codeInvalidAuthSpec   = "28000"
	codeProgramLimit      = "54000"
	codeQueryCanceled     = "57014"
	codeAdminShutdown     = "57P01"
	codeInternal          = "XX000"
	codeSuccessfulNotice  = "00000"
	// The extended protocol's.
	codeInvalidParameter   = "22023"
	codeUndefinedStatement = "26000"
	codeUndefinedCursor    = "34000"
	codeDuplicateStatement = "42P05"
	codeDuplicateCursor    = "42P03"
	codeNotInPrereqState   = "55000"
)

// Severities of ErrorResponse and NoticeResponse.
const (
	severityError  = "ERROR"
	severityFatal  = "FATAL"
	severityNotice = "NOTICE"
)

// wireError is an error wire makes itself: protocol violations, limits, and
// a Handler's misuse of the ResultWriter.
type wireError struct {
	code    string
	message string
}

func (e *wireError) Error() string    { return e.message }
func (e *wireError) SQLState() string { return e.code }

func newError(code, format string, args ...any) *wireError {
	return &wireError{code: code, message: fmt.Sprintf(format, args...)}
}

// errAdminShutdown is what every connection is told when the server shuts
// down, as PostgreSQL tells it on a fast shutdown.
func errAdminShutdown() *wireError {
	return newError(codeAdminShutdown, "%s", ErrServerShutdown.Error())
}

// The optional methods wire reads from a SQLError.
type (
	detailer   interface{ ErrorDetail() string }
	hinter     interface{ ErrorHint() string }
	positioner interface{ ErrorPosition() int32 }
	wherer     interface{ ErrorWhere() string }
)

// errorResponse flattens err into the fields of an ErrorResponse. An error
// that carries no SQLSTATE, or a malformed one, becomes XX000 with err's
// message.
func errorResponse(severity string, err error) *pgproto3.ErrorResponse {
	resp := &pgproto3.ErrorResponse{
		Severity:            severity,
		SeverityUnlocalized: severity,
		Code:                codeInternal,
		Message:             err.Error(),
	}
	var se SQLError
	if !errors.As(err, &se) {
		return resp
	}
	resp.Message = se.Error()
	if code := se.SQLState(); validSQLState(code) {
		resp.Code = code
	}
	if d, ok := se.(detailer); ok {
		resp.Detail = d.ErrorDetail()
	}
	if h, ok := se.(hinter); ok {
		resp.Hint = h.ErrorHint()
	}
	if w, ok := se.(wherer); ok {
		resp.Where = w.ErrorWhere()
	}
	if p, ok := se.(positioner); ok && p.ErrorPosition() > 0 {
		resp.Position = p.ErrorPosition()
	}
	return resp
}

// queryError is the error to report for a failed SimpleQuery. A Handler that
// returns the bare context error of a cancelled query still gets 57014.
func queryError(qctx context.Context, err error) error {
	var se SQLError
	if errors.As(err, &se) {
		return err
	}
	if errors.Is(err, context.Canceled) && context.Cause(qctx) == ErrQueryCanceled {
		return newError(codeQueryCanceled, "%s", ErrQueryCanceled.Error())
	}
	return err
}

// validSQLState reports whether code is five digits or upper-case letters,
// the only shape clients parse.
func validSQLState(code string) bool {
	if len(code) != 5 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
