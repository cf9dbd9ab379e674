package snowflake

import (
	"context"
	"errors"
	"fmt"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// byNumber maps Snowflake error numbers whose SQLSTATE (42000 for most
// compilation errors) says too little to PostgreSQL's codes.
var byNumber = map[int]string{
	904:    sqlerr.UndefinedColumn,   // invalid identifier
	1003:   sqlerr.Syntax,            // syntax error
	2003:   sqlerr.UndefinedTable,    // object does not exist or not authorized
	2002:   "42P07",                  // object already exists
	2140:   sqlerr.UndefinedFunction, // unknown function
	604:    sqlerr.QueryCanceled,     // SQL execution canceled
	630:    sqlerr.QueryCanceled,     // statement or warehouse timeout reached
	100038: sqlerr.InvalidText,       // numeric value is not recognized
	100051: sqlerr.DivisionByZero,    // division by zero
	3001:   sqlerr.InsufficientPriv,  // insufficient privileges
}

// bySQLState maps the ANSI/ODBC SQLSTATEs Snowflake uses that PostgreSQL
// spells otherwise; a state in a class both share passes through.
var bySQLState = map[string]string{
	"42S02": sqlerr.UndefinedTable,
	"42S22": sqlerr.UndefinedColumn,
	"42601": sqlerr.Syntax,
	"57014": sqlerr.QueryCanceled,
	"22012": sqlerr.DivisionByZero,
	"22018": sqlerr.InvalidText,
	"22003": "22003",
	"22007": "22007",
	"23502": "23502",
}

// mapError gives err a SQLSTATE: a cancelled or expired ctx is 57014 (the
// Snowflake query was aborted with it), a SnowflakeError is mapped by its
// number, then its SQLSTATE, else XX000 naming Snowflake's number.
func mapError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var own *sqlerr.Error
	if errors.As(err, &own) {
		return own
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		return sqlerr.New(sqlerr.QueryCanceled, "canceling statement due to statement timeout")
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return sqlerr.New(sqlerr.QueryCanceled, "canceling statement due to user request")
	}
	var se *sf.SnowflakeError
	if !errors.As(err, &se) {
		return sqlerr.Wrap(sqlerr.Internal, err)
	}
	code, ok := byNumber[se.Number]
	if !ok {
		code, ok = bySQLState[se.SQLState]
	}
	if !ok {
		code = sqlerr.Internal
	}
	e := sqlerr.New(code, "%s", se.Message)
	if se.QueryID != "" {
		e = e.WithDetail("Snowflake error %06d (%s), query id %s", se.Number, se.SQLState, se.QueryID)
	} else {
		e = e.WithDetail("Snowflake error %06d (%s)", se.Number, se.SQLState)
	}
	return e
}

// connectError is a failure to log in or reach Snowflake: 08006, with
// Snowflake's reason.
func connectError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return sqlerr.Wrap(sqlerr.ConnectionFailure, fmt.Errorf("connecting to Snowflake: %w", err))
	}
	var se *sf.SnowflakeError
	if errors.As(err, &se) {
		return sqlerr.New(sqlerr.ConnectionFailure, "connecting to Snowflake: %s", se.Message).
			WithDetail("Snowflake error %06d (%s)", se.Number, se.SQLState)
	}
	return sqlerr.New(sqlerr.ConnectionFailure, "connecting to Snowflake: %v", err)
}
