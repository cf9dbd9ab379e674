package duckdb

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// SQLSTATEs this package needs that internal/sqlerr does not name.
const (
	numericOutOfRange   = "22003"
	invalidDatetime     = "22007"
	uniqueViolation     = "23505"
	notNullViolation    = "23502"
	foreignKeyViolation = "23503"
	checkViolation      = "23514"
	integrityViolation  = "23000"
	invalidSchemaName   = "3F000"
	invalidCatalogName  = "3D000"
	duplicateTable      = "42P07"
	duplicateObject     = "42710"
	serialization       = "40001"
	outOfMemory         = "53200"
	ioError             = "58030"
)

// duckError is DuckDB's error as errors_as_json reports it.
type duckError struct {
	Type     duckdb.ErrorType
	Message  string
	Subtype  string // error_subtype, e.g. COLUMN_NOT_FOUND, MISSING_ENTRY
	Entry    string // type of the missing catalog entry, e.g. "Table"
	Position int    // 0-based byte offset into the statement, -1 if none
}

// mapError turns a driver error into an *sqlerr.Error. ctx tells a
// cancellation from an engine failure; stmt locates the error position.
func mapError(ctx context.Context, err error, stmt string) error {
	if err == nil {
		return nil
	}
	var se *sqlerr.Error
	if errors.As(err, &se) {
		return se
	}
	if code, msg, ok := cancelled(ctx, err); ok {
		return &sqlerr.Error{Code: code, Message: msg}
	}
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return sqlerr.Wrap(sqlerr.Internal, err)
	}
	d := parseDuckError(de)
	if d.Type == duckdb.ErrorTypeInterrupt {
		return &sqlerr.Error{Code: sqlerr.QueryCanceled, Message: "canceling statement due to user request"}
	}
	e := sqlerr.Wrap(classify(d), err)
	e.Message, e.Hint, e.Detail = splitMessage(d.Message)
	return e.At(position(stmt, d.Position))
}

// cancelled reports PostgreSQL's wording for a statement stopped by its context.
func cancelled(ctx context.Context, err error) (code, msg string, ok bool) {
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return sqlerr.QueryCanceled, "canceling statement due to statement timeout", true
	case errors.Is(err, context.Canceled),
		ctx != nil && errors.Is(ctx.Err(), context.Canceled):
		return sqlerr.QueryCanceled, "canceling statement due to user request", true
	}
	return "", "", false
}

// parseDuckError reads the JSON DuckDB produces under errors_as_json. The
// driver's Type is only right when the message carried a "<Type> Error:"
// prefix, so the JSON exception_type wins; errors made outside the JSON
// path (the Appender's) keep the driver's Type and text.
func parseDuckError(de *duckdb.Error) duckError {
	d := duckError{Type: de.Type, Message: de.Msg, Position: -1}
	raw := de.Msg
	if i := strings.IndexByte(raw, '{'); i >= 0 && strings.HasSuffix(raw, "}") {
		raw = raw[i:]
	}
	var j struct {
		ExceptionType    string `json:"exception_type"`
		ExceptionMessage string `json:"exception_message"`
		Subtype          string `json:"error_subtype"`
		Type             string `json:"type"`
		Position         string `json:"position"`
	}
	if json.Unmarshal([]byte(raw), &j) != nil || j.ExceptionType == "" {
		return d
	}
	if t, ok := exceptionTypes[j.ExceptionType]; ok {
		d.Type = t
	}
	d.Message, d.Subtype, d.Entry = j.ExceptionMessage, j.Subtype, j.Type
	if p, err := strconv.Atoi(j.Position); err == nil {
		d.Position = p
	}
	return d
}

// exceptionTypes are DuckDB's exception type names as errors_as_json spells them.
var exceptionTypes = map[string]duckdb.ErrorType{
	"Parser": duckdb.ErrorTypeParser, "Syntax": duckdb.ErrorTypeSyntax,
	"Catalog": duckdb.ErrorTypeCatalog, "Binder": duckdb.ErrorTypeBinder,
	"Conversion": duckdb.ErrorTypeConversion, "Out of Range": duckdb.ErrorTypeOutOfRange,
	"Divide by Zero": duckdb.ErrorTypeDivideByZero, "Constraint": duckdb.ErrorTypeConstraint,
	"INTERRUPT": duckdb.ErrorTypeInterrupt, "Invalid Input": duckdb.ErrorTypeInvalidInput,
	"Not implemented": duckdb.ErrorTypeNotImplemented, "Mismatch Type": duckdb.ErrorTypeMismatchType,
	"TransactionContext": duckdb.ErrorTypeTransaction, "Permission": duckdb.ErrorTypePermission,
	"Out of Memory": duckdb.ErrorTypeOutOfMemory, "IO": duckdb.ErrorTypeIO,
	"Decimal": duckdb.ErrorTypeDecimal, "Dependency": duckdb.ErrorTypeDependency,
}

// typeCodes is the SQLSTATE for each DuckDB error type that needs no
// further look at the message.
var typeCodes = map[duckdb.ErrorType]string{
	duckdb.ErrorTypeParser:         sqlerr.Syntax,
	duckdb.ErrorTypeSyntax:         sqlerr.Syntax,
	duckdb.ErrorTypeOutOfRange:     numericOutOfRange,
	duckdb.ErrorTypeDecimal:        numericOutOfRange,
	duckdb.ErrorTypeDivideByZero:   sqlerr.DivisionByZero,
	duckdb.ErrorTypeInvalidInput:   sqlerr.InvalidParameter,
	duckdb.ErrorTypeNotImplemented: sqlerr.FeatureNotSupported,
	duckdb.ErrorTypeMismatchType:   sqlerr.DatatypeMismatch,
	duckdb.ErrorTypeTransaction:    serialization,
	duckdb.ErrorTypePermission:     sqlerr.InsufficientPriv,
	duckdb.ErrorTypeOutOfMemory:    outOfMemory,
	duckdb.ErrorTypeIO:             ioError,
	duckdb.ErrorTypeDependency:     "2BP01",
}

func classify(d duckError) string {
	switch d.Type {
	case duckdb.ErrorTypeCatalog:
		return catalogCode(d)
	case duckdb.ErrorTypeBinder:
		return binderCode(d)
	case duckdb.ErrorTypeConversion:
		return conversionCode(d.Message)
	case duckdb.ErrorTypeConstraint:
		return constraintCode(d.Message)
	case duckdb.ErrorTypeInvalidInput:
		// The duckdb dialect guards / and % with error('division by zero'),
		// PostgreSQL's message, since DuckDB itself returns NULL.
		if d.Message == "division by zero" {
			return sqlerr.DivisionByZero
		}
	}
	if code, ok := typeCodes[d.Type]; ok {
		return code
	}
	return sqlerr.Internal
}

func catalogCode(d duckError) string {
	msg := d.Message
	switch {
	case d.Subtype == "MISSING_ENTRY" && strings.HasSuffix(d.Entry, "Function"):
		return sqlerr.UndefinedFunction
	case d.Subtype == "MISSING_ENTRY" && (d.Entry == "Table" || d.Entry == "View"):
		return sqlerr.UndefinedTable
	case d.Subtype == "MISSING_ENTRY" && d.Entry == "Schema":
		return invalidSchemaName
	case d.Subtype == "MISSING_ENTRY":
		return sqlerr.UndefinedObject
	case strings.HasPrefix(msg, "Table with name") && strings.Contains(msg, "does not exist"):
		return sqlerr.UndefinedTable
	case strings.HasPrefix(msg, "Schema with name") && strings.Contains(msg, "does not exist"):
		return invalidSchemaName
	case strings.Contains(msg, "already exists") && strings.HasPrefix(msg, "Table"):
		return duplicateTable
	case strings.Contains(msg, "already exists"):
		return duplicateObject
	}
	return sqlerr.UndefinedTable
}

func binderCode(d duckError) string {
	msg := d.Message
	switch {
	case d.Subtype == "COLUMN_NOT_FOUND" || strings.HasPrefix(msg, "Referenced column"):
		return sqlerr.UndefinedColumn
	case d.Subtype == "NO_MATCHING_FUNCTION",
		strings.HasPrefix(msg, "No function matches"),
		strings.HasPrefix(msg, "Could not choose a best candidate function"):
		return sqlerr.UndefinedFunction
	case strings.HasPrefix(msg, "Catalog ") && strings.Contains(msg, "does not exist"):
		return invalidCatalogName
	case strings.HasPrefix(msg, "Ambiguous reference"):
		return sqlerr.AmbiguousColumn
	case strings.Contains(msg, "must appear in the GROUP BY clause"):
		return sqlerr.Grouping
	}
	return sqlerr.DatatypeMismatch
}

func conversionCode(msg string) string {
	switch {
	case strings.Contains(msg, "out of range"):
		return numericOutOfRange
	case strings.Contains(msg, "date field"), strings.Contains(msg, "time field"),
		strings.Contains(msg, "timestamp field"):
		return invalidDatetime
	}
	return sqlerr.InvalidText
}

func constraintCode(msg string) string {
	msg = strings.ToLower(msg)
	switch {
	case strings.Contains(msg, "not null"):
		return notNullViolation
	case strings.Contains(msg, "primary key"), strings.Contains(msg, "unique"),
		strings.Contains(msg, "duplicate key"):
		return uniqueViolation
	case strings.Contains(msg, "foreign key"):
		return foreignKeyViolation
	case strings.Contains(msg, "check constraint"):
		return checkViolation
	}
	return integrityViolation
}

// splitMessage keeps DuckDB's first line as the message, like PostgreSQL's
// one-line primary message; "Did you mean" suggestions become the hint and
// anything else (candidate function lists) the detail.
func splitMessage(msg string) (primary, hint, detail string) {
	primary, rest, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "Did you mean") {
		return primary, rest, ""
	}
	return primary, "", rest
}

// position converts DuckDB's 0-based byte offset into PostgreSQL's 1-based
// character position, or 0 when there is none or it does not fit stmt.
func position(stmt string, offset int) int {
	if offset < 0 || offset > len(stmt) || !utf8.ValidString(stmt[:offset]) {
		return 0
	}
	return utf8.RuneCountInString(stmt[:offset]) + 1
}
