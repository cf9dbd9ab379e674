package wire

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// The extended protocol, message by message: each case sends a script of
// frontend messages on a fresh connection and compares every message the
// server answers with, in order, up to the ReadyForQuery of each Sync (or
// Query). Where PostgreSQL 15 answers the same script, the expected
// messages and error texts are its.

// exchange sends msgs and describes every answer up to the ReadyForQuery
// that ends the last cycle.
func exchange(t *testing.T, conn *pgconn.PgConn, msgs ...pgproto3.FrontendMessage) []string {
	t.Helper()
	fe := conn.Frontend()
	cycles := 0
	for _, m := range msgs {
		fe.Send(m)
		switch m.(type) {
		case *pgproto3.Sync, *pgproto3.Query:
			cycles++
		}
	}
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	conn.Conn().SetReadDeadline(time.Now().Add(testTimeout))
	defer conn.Conn().SetReadDeadline(time.Time{})
	var got []string
	for cycles > 0 {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatalf("after %q: %v", got, err)
		}
		got = append(got, describeMessage(msg))
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			cycles--
		}
	}
	return got
}

func describeMessage(msg pgproto3.BackendMessage) string {
	switch m := msg.(type) {
	case *pgproto3.ParameterDescription:
		return fmt.Sprint("ParameterDescription ", m.ParameterOIDs)
	case *pgproto3.RowDescription:
		fields := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			fields[i] = fmt.Sprintf("%s:%d:%d", f.Name, f.DataTypeOID, f.Format)
		}
		return "RowDescription " + strings.Join(fields, " ")
	case *pgproto3.DataRow:
		values := make([]string, len(m.Values))
		for i, v := range m.Values {
			values[i] = printable(v)
		}
		return "DataRow " + strings.Join(values, "|")
	case *pgproto3.CommandComplete:
		return "CommandComplete " + string(m.CommandTag)
	case *pgproto3.ErrorResponse:
		return fmt.Sprintf("ErrorResponse %s %s", m.Code, m.Message)
	case *pgproto3.ReadyForQuery:
		return "ReadyForQuery " + string(m.TxStatus)
	case *pgproto3.NoticeResponse:
		return "NoticeResponse " + m.Message
	case *pgproto3.ParameterStatus:
		return "ParameterStatus " + m.Name + "=" + m.Value
	}
	return fmt.Sprintf("%T", msg)[len("*pgproto3."):]
}

// printable shows a text value as it is, a binary one in hex, NULL as NULL.
func printable(v []byte) string {
	if v == nil {
		return "NULL"
	}
	for _, c := range v {
		if c < ' ' || c > '~' {
			return "0x" + hex.EncodeToString(v)
		}
	}
	return string(v)
}

// Shorthands for scripts.
type (
	parse    = pgproto3.Parse
	bind     = pgproto3.Bind
	describe = pgproto3.Describe
	execute  = pgproto3.Execute
	closeMsg = pgproto3.Close
	query    = pgproto3.Query
)

var syncMsg = &pgproto3.Sync{}

func params(values ...string) [][]byte {
	out := make([][]byte, len(values))
	for i, v := range values {
		out[i] = []byte(v)
	}
	return out
}

type scriptCase struct {
	name string
	send []pgproto3.FrontendMessage
	want []string
}

var scriptCases = []scriptCase{
	{"unnamed statement described and executed", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT value int8"}, &describe{ObjectType: 'S'}, &bind{}, &describe{ObjectType: 'P'}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "ParameterDescription []", "RowDescription int8:20:0", "BindComplete",
		"RowDescription int8:20:0", "DataRow -9223372036854775808", "CommandComplete SELECT 1", "ReadyForQuery I",
	}},
	{"binary and per-column result formats", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT value int8"}, &bind{ResultFormatCodes: []int16{1}}, &describe{ObjectType: 'P'}, &execute{},
		&bind{ResultFormatCodes: []int16{0}}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "BindComplete", "RowDescription int8:20:1", "DataRow 0x8000000000000000", "CommandComplete SELECT 1",
		"BindComplete", "DataRow -9223372036854775808", "CommandComplete SELECT 1", "ReadyForQuery I",
	}},
	{"execute without describe encodes in the Bind's format", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT value bool"}, &bind{ResultFormatCodes: []int16{1}}, &execute{}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", "DataRow 0x01", "CommandComplete SELECT 1", "ReadyForQuery I"}},
	{"parameter types from the client and the session", []pgproto3.FrontendMessage{
		&parse{Name: "s", Query: "SELECT series"}, &describe{ObjectType: 'S', Name: "s"},
		&parse{Name: "e", Query: "SELECT echo", ParameterOIDs: []uint32{23, 0}}, &describe{ObjectType: 'S', Name: "e"},
		&bind{PreparedStatement: "e", Parameters: params("7", "x")}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "ParameterDescription [20]", "RowDescription n:20:0",
		"ParseComplete", "ParameterDescription [23 25]", "RowDescription p1:23:0 p2:25:0",
		"BindComplete", "DataRow 7|x", "CommandComplete SELECT 1", "ReadyForQuery I",
	}},
	{"binary parameters", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT echo", ParameterOIDs: []uint32{20, 16}},
		&bind{ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 0, 0, 0, 0, 0, 3, 0xe9}, {1}}}, &execute{}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", "DataRow 1001|t", "CommandComplete SELECT 1", "ReadyForQuery I"}},
	{"row limit suspends the portal; the next Execute resumes it", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT series"}, &bind{DestinationPortal: "c", Parameters: params("5")},
		&execute{Portal: "c", MaxRows: 2}, &execute{Portal: "c", MaxRows: 2}, &execute{Portal: "c", MaxRows: 2},
		&execute{Portal: "c", MaxRows: 2}, syncMsg,
		&execute{Portal: "c"}, syncMsg,
	}, []string{
		"ParseComplete", "BindComplete", "DataRow 1", "DataRow 2", "PortalSuspended", "DataRow 3", "DataRow 4", "PortalSuspended",
		"DataRow 5", "CommandComplete SELECT 1", "CommandComplete SELECT 0", "ReadyForQuery I",
		// Outside BEGIN the portal ended with its implicit transaction.
		`ErrorResponse 34000 portal "c" does not exist`, "ReadyForQuery I",
	}},
	{"a row limit of exactly the rows left still suspends", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT series"}, &bind{Parameters: params("2")}, &execute{MaxRows: 2}, &execute{MaxRows: 2}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", "DataRow 1", "DataRow 2", "PortalSuspended", "CommandComplete SELECT 0", "ReadyForQuery I"}},
	{"inside BEGIN a portal outlives Sync until the transaction ends", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"},
		&parse{Query: "SELECT series"}, &bind{DestinationPortal: "c", Parameters: params("3")}, &execute{Portal: "c", MaxRows: 2}, syncMsg,
		&execute{Portal: "c", MaxRows: 2}, syncMsg,
		&query{String: "COMMIT"},
		&execute{Portal: "c"}, syncMsg,
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T",
		"ParseComplete", "BindComplete", "DataRow 1", "DataRow 2", "PortalSuspended", "ReadyForQuery T",
		"DataRow 3", "CommandComplete SELECT 1", "ReadyForQuery T",
		"CommandComplete COMMIT", "ReadyForQuery I",
		`ErrorResponse 34000 portal "c" does not exist`, "ReadyForQuery I",
	}},
	{"an error discards messages until Sync", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT 1"}, &bind{}, &execute{},
		&parse{Query: "SELECT typo"}, &bind{}, &execute{}, syncMsg,
		&bind{}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "BindComplete", "DataRow 1", "CommandComplete SELECT 1",
		`ErrorResponse 42601 syntax error at or near "SELECT typo"`, "ReadyForQuery I",
		// A failed Parse of the unnamed statement drops the old one, as in PostgreSQL.
		"ErrorResponse 26000 unnamed prepared statement does not exist", "ReadyForQuery I",
	}},
	{"an error while executing keeps the rows sent before it", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT rows then error"}, &bind{}, &execute{}, &execute{}, syncMsg,
		&parse{Query: "SELECT 1"}, &bind{}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "BindComplete", "DataRow 1", "DataRow 2", "ErrorResponse 22012 division by zero", "ReadyForQuery I",
		"ParseComplete", "BindComplete", "DataRow 1", "CommandComplete SELECT 1", "ReadyForQuery I",
	}},
	{"a named statement must be closed before it is redefined; the unnamed one is replaced", []pgproto3.FrontendMessage{
		&parse{Name: "s", Query: "SELECT 1"}, &parse{Name: "s", Query: "SELECT 1"}, syncMsg,
		&parse{Query: "SELECT 1"}, &parse{Query: "SELECT value bool"}, &bind{}, &execute{}, syncMsg,
		&closeMsg{ObjectType: 'S', Name: "s"}, &parse{Name: "s", Query: "SELECT value bool"}, &bind{PreparedStatement: "s"}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", `ErrorResponse 42P05 prepared statement "s" already exists`, "ReadyForQuery I",
		"ParseComplete", "ParseComplete", "BindComplete", "DataRow t", "CommandComplete SELECT 1", "ReadyForQuery I",
		"CloseComplete", "ParseComplete", "BindComplete", "DataRow t", "CommandComplete SELECT 1", "ReadyForQuery I",
	}},
	{"a named portal must be closed before it is bound again", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT 1"}, &bind{DestinationPortal: "c"}, &bind{DestinationPortal: "c"}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", `ErrorResponse 42P03 cursor "c" already exists`, "ReadyForQuery I"}},
	{"closing a statement closes its portals; closing nothing is no error", []pgproto3.FrontendMessage{
		&parse{Name: "s", Query: "SELECT 1"}, &bind{PreparedStatement: "s", DestinationPortal: "c"},
		&closeMsg{ObjectType: 'S', Name: "s"}, &closeMsg{ObjectType: 'P', Name: "nope"}, &closeMsg{ObjectType: 'S', Name: "nope"},
		&execute{Portal: "c"}, syncMsg,
		&describe{ObjectType: 'S', Name: "s"}, syncMsg,
	}, []string{
		"ParseComplete", "BindComplete", "CloseComplete", "CloseComplete", "CloseComplete",
		`ErrorResponse 34000 portal "c" does not exist`, "ReadyForQuery I",
		`ErrorResponse 26000 prepared statement "s" does not exist`, "ReadyForQuery I",
	}},
	{"a portal outlives the unnamed statement it was bound from", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT value bool"}, &bind{DestinationPortal: "c"}, &parse{Query: "SELECT 1"}, &execute{Portal: "c"}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", "ParseComplete", "DataRow t", "CommandComplete SELECT 1", "ReadyForQuery I"}},
	{"Bind is checked against its statement", []pgproto3.FrontendMessage{
		&parse{Name: "s", Query: "SELECT series"}, &bind{PreparedStatement: "s"}, syncMsg,
		&bind{PreparedStatement: "s", Parameters: params("1"), ResultFormatCodes: []int16{0, 1}}, syncMsg,
		&bind{PreparedStatement: "s", Parameters: params("1"), ParameterFormatCodes: []int16{0, 0}}, syncMsg,
		&bind{PreparedStatement: "s", Parameters: params("1"), ResultFormatCodes: []int16{2}}, syncMsg,
		&bind{PreparedStatement: "s", Parameters: params("x")}, syncMsg,
	}, []string{
		"ParseComplete", `ErrorResponse 08P01 bind message supplies 0 parameters, but prepared statement "s" requires 1`, "ReadyForQuery I",
		"ErrorResponse 08P01 bind message has 2 result formats but query has 1 columns", "ReadyForQuery I",
		"ErrorResponse 08P01 bind message has 2 parameter formats but 1 parameters", "ReadyForQuery I",
		"ErrorResponse 22023 unsupported format code: 2", "ReadyForQuery I",
		`ErrorResponse 22P02 parameter $1: strconv.ParseInt: parsing "x": invalid syntax`, "ReadyForQuery I",
	}},
	{"a statement without rows: NoData, and it runs once", []pgproto3.FrontendMessage{
		&parse{Query: "SET application_name = 'renamed'"}, &describe{ObjectType: 'S'}, &bind{}, &describe{ObjectType: 'P'},
		&execute{}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "ParameterDescription []", "NoData", "BindComplete", "NoData",
		"ParameterStatus application_name=renamed", "CommandComplete SET",
		`ErrorResponse 55000 portal "" cannot be run`, "ReadyForQuery I",
	}},
	{"an empty statement", []pgproto3.FrontendMessage{
		&parse{Query: ""}, &bind{}, &describe{ObjectType: 'P'}, &execute{}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", "NoData", "EmptyQueryResponse", "ReadyForQuery I"}},
	{"notices reach the client from Execute", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT notice"}, &bind{}, &execute{}, syncMsg,
	}, []string{"ParseComplete", "BindComplete", "NoticeResponse materialization is behind", "CommandComplete SELECT 0", "ReadyForQuery I"}},
	{"many cycles pipelined", []pgproto3.FrontendMessage{
		&parse{Name: "s", Query: "SELECT series"},
		&bind{PreparedStatement: "s", Parameters: params("1")}, &execute{}, syncMsg,
		&bind{PreparedStatement: "s", Parameters: params("2")}, &execute{}, syncMsg,
		&bind{PreparedStatement: "s", Parameters: params("0")}, &execute{}, syncMsg,
	}, []string{
		"ParseComplete", "BindComplete", "DataRow 1", "CommandComplete SELECT 1", "ReadyForQuery I",
		"BindComplete", "DataRow 1", "DataRow 2", "CommandComplete SELECT 2", "ReadyForQuery I",
		"BindComplete", "CommandComplete SELECT 0", "ReadyForQuery I",
	}},
	{"a simple Query drops the unnamed statement", []pgproto3.FrontendMessage{
		&parse{Query: "SELECT 1"}, syncMsg, &query{String: "SELECT 1"}, &bind{}, syncMsg,
	}, []string{
		"ParseComplete", "ReadyForQuery I", "RowDescription ?column?:23:0", "DataRow 1", "CommandComplete SELECT 1", "ReadyForQuery I",
		"ErrorResponse 26000 unnamed prepared statement does not exist", "ReadyForQuery I",
	}},
	{"unknown names", []pgproto3.FrontendMessage{
		&bind{PreparedStatement: "nope"}, syncMsg, &describe{ObjectType: 'P', Name: "nope"}, syncMsg, &execute{}, syncMsg,
	}, []string{
		`ErrorResponse 26000 prepared statement "nope" does not exist`, "ReadyForQuery I",
		`ErrorResponse 34000 portal "nope" does not exist`, "ReadyForQuery I",
		`ErrorResponse 34000 portal "" does not exist`, "ReadyForQuery I",
	}},
	{"an error inside BEGIN leaves the block failed", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"}, &parse{Query: "SELECT typo"}, syncMsg, &query{String: "COMMIT"},
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T",
		`ErrorResponse 42601 syntax error at or near "SELECT typo"`, "ReadyForQuery T",
		"CommandComplete COMMIT", "ReadyForQuery I",
	}},
}

func TestExtendedProtocolScripts(t *testing.T) {
	ts := startServer(t)
	for i, c := range scriptCases {
		t.Run(c.name, func(t *testing.T) {
			conn := ts.connect(t, fmt.Sprintf("script-%d", i))
			got := exchange(t, conn, c.send...)
			if !slices.Equal(got, c.want) {
				t.Errorf("server answered\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}
