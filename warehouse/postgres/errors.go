package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// mapError turns what pgx returned into an *sqlerr.Error. ctx tells a
// statement stopped by its caller from one the server refused.
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
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return &sqlerr.Error{
			Code: pe.Code, Message: pe.Message, Detail: pe.Detail, Hint: pe.Hint,
			Position: int(pe.Position),
		}
	}
	var ce *pgconn.ConnectError
	// A connection cut mid-statement (the server or the network went down)
	// reads as io.ErrUnexpectedEOF or a net.Error: that is 08006 too.
	var ne net.Error
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.As(err, &ne) {
		return &sqlerr.Error{Code: sqlerr.ConnectionFailure, Message: "PostgreSQL warehouse: " + err.Error()}
	}
	return sqlerr.Wrap(sqlerr.Internal, err)
}

// cancelled is PostgreSQL's own 57014 for a statement whose context ended.
// The server-side statement is cancelled by pgx's CancelRequest (see
// Open); the error it sends back, or the broken socket when it did not
// answer in time, is reported the same way.
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

func connectError(err error) error {
	return &sqlerr.Error{Code: sqlerr.ConnectionFailure, Message: fmt.Sprintf("cannot connect to the PostgreSQL warehouse: %v", err)}
}
