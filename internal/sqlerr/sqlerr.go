// Package sqlerr is the one error type that carries a SQLSTATE from where an
// error is made to the wire, where it is flattened into an ErrorResponse.
//
// Invariants: every error a client can cause is an *Error made at the place
// that knows what went wrong (the binder knows the unknown column, the
// connector knows the warehouse refused); nothing downstream rewrites the
// code. wire/ does not import this package: it reads the same methods through
// an interface, so the protocol layer stays free of our types.
package sqlerr

import (
	"errors"
	"fmt"
)

// SQLSTATE codes used across pitgate.
const (
	Syntax              = "42601"
	UndefinedTable      = "42P01"
	UndefinedColumn     = "42703"
	UndefinedFunction   = "42883"
	UndefinedObject     = "42704"
	AmbiguousColumn     = "42702"
	DuplicateAlias      = "42712"
	DatatypeMismatch    = "42804"
	Grouping            = "42803"
	InvalidParameter    = "22023"
	InvalidText         = "22P02"
	DivisionByZero      = "22012"
	DataException       = "22000"
	FeatureNotSupported = "0A000"
	QueryCanceled       = "57014"
	InvalidPassword     = "28P01"
	ProtocolViolation   = "08P01"
	InFailedTransaction = "25P02"
	NoActiveTransaction = "25P01"
	ActiveTransaction   = "25001"
	Internal            = "XX000"
	ExternalRoutine     = "38000"
	InsufficientPriv    = "42501"
	InvalidName         = "42602"
	UndefinedParameter  = "42704"
	CantChangeRuntime   = "55P02"
	ConnectionFailure   = "08006"
)

// Error is an error with a SQLSTATE, the fields of a PostgreSQL ErrorResponse
// that pitgate fills.
type Error struct {
	Code    string
	Message string
	Detail  string
	Hint    string
	// Position is the 1-based character offset into the statement text, 0 if none.
	Position int
	// Where is the CONTEXT line ("COPY t, line 3"), "" if none.
	Where string
	cause error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the error this one was made from, if any.
func (e *Error) Unwrap() error { return e.cause }

// SQLState, ErrorDetail, ErrorHint and ErrorPosition are what wire/ reads.
func (e *Error) SQLState() string     { return e.Code }
func (e *Error) ErrorDetail() string  { return e.Detail }
func (e *Error) ErrorHint() string    { return e.Hint }
func (e *Error) ErrorPosition() int32 { return int32(e.Position) }

// ErrorWhere is the CONTEXT wire sends.
func (e *Error) ErrorWhere() string { return e.Where }

// InContext returns e with its CONTEXT line set.
func (e *Error) InContext(format string, args ...any) *Error {
	e.Where = fmt.Sprintf(format, args...)
	return e
}

// New makes an error with a code and a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an error with a code whose message is cause's, keeping cause.
func Wrap(code string, cause error) *Error {
	return &Error{Code: code, Message: cause.Error(), cause: cause}
}

// WithHint returns e with its hint set.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithDetail returns e with its detail set.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// At returns e with its position set (1-based; 0 leaves it unset).
func (e *Error) At(pos int) *Error {
	e.Position = pos
	return e
}

// Code returns err's SQLSTATE, or XX000 when err carries none.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Unsupported is 0A000 for a construct, naming it.
func Unsupported(construct string) *Error {
	return New(FeatureNotSupported, "%s is not supported", construct)
}
