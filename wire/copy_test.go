package wire

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
)

// COPY against PostgreSQL 15: the bytes wire sends for COPY TO STDOUT in
// each format must be PostgreSQL's for the same rows, and what wire reads
// for COPY FROM STDIN must be what PostgreSQL reads from the same input.

// copyFormats are the WITH options compared, each with the CopyFormat
// that means the same.
var copyFormats = []struct {
	with string
	f    CopyFormat
}{
	{"FORMAT text", CopyFormat{}},
	{"FORMAT text, HEADER", CopyFormat{Header: true}},
	{"FORMAT text, DELIMITER ',', NULL 'nil'", CopyFormat{Delimiter: ',', Null: "nil", HasNull: true}},
	{"FORMAT csv", CopyFormat{Kind: CopyCSV}},
	{"FORMAT csv, HEADER", CopyFormat{Kind: CopyCSV, Header: true}},
	{"FORMAT csv, FORCE_QUOTE *, DELIMITER ';', NULL 'NULL', QUOTE '''', ESCAPE '\\'",
		CopyFormat{Kind: CopyCSV, ForceQuoteAll: true, Delimiter: ';', Null: "NULL", HasNull: true, Quote: '\'', Escape: '\\'}},
	{"FORMAT binary", CopyFormat{Kind: CopyBinary}},
}

// copyTextValues are awkward texts, one row each, in a one-column table.
var copyTextValues = []string{"plain", "a\tb", "new\nline", "cr\rx", `back\slash`, "a,b", `q"uote`, "it's", "", `\.`, `\N`,
	"NULL", "nil", "semi;colon", "\x01ctl", "héllo", " lead"}

// startCopyServer serves the test handler with the answers these tests
// register: "COPY out N" writes copyRows[N] in the format copyFormats[i]
// selected by the text "COPY out N i".
func startCopyServer(t *testing.T) *testServer { return startServer(t) }

type copyCase struct {
	cols   []Column
	rows   [][]any
	pgRows string // the same rows as a PostgreSQL query
}

// copyCases: every value case as one column of one row, and the awkward
// texts as rows of one column.
func copyCases() []copyCase {
	var one copyCase
	var exprs []string
	var row []any
	for i, vc := range valueCases() {
		name := fmt.Sprintf("c%d", i)
		one.cols = append(one.cols, Column{Name: name, TypeOID: vc.oid})
		exprs = append(exprs, vc.pgExpr+" AS "+name)
		row = append(row, vc.v)
	}
	exprs = append(exprs, "NULL::text AS cnull", "'x y'::text AS \"col,\"\"name\"")
	one.cols = append(one.cols, Column{Name: "cnull", TypeOID: pgtype.TextOID}, Column{Name: `col,"name`, TypeOID: pgtype.TextOID})
	row = append(row, nil, "x y")
	one.rows = [][]any{row}
	one.pgRows = "SELECT " + strings.Join(exprs, ", ")

	texts := copyCase{cols: []Column{{Name: "t", TypeOID: pgtype.TextOID}}}
	var lits []string
	for _, s := range copyTextValues {
		texts.rows = append(texts.rows, []any{s})
		lits = append(lits, fmt.Sprintf("(%d, E'%s')", len(lits), escapeE(s)))
	}
	texts.rows = append(texts.rows, []any{nil})
	lits = append(lits, fmt.Sprintf("(%d, NULL)", len(lits)))
	texts.pgRows = "SELECT t FROM (VALUES " + strings.Join(lits, ", ") + ") v(i, t) ORDER BY i"
	return []copyCase{one, texts}
}

func escapeE(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, "\\x%02x", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var (
	copyMu      sync.Mutex
	copyPending copyCase
	copyFmt     CopyFormat
	copyGot     [][]*string
	copyLines   int64
)

func init() {
	testQueries["COPY out"] = func(_ context.Context, _ *testSession, w ResultWriter) error {
		copyMu.Lock()
		c, f := copyPending, copyFmt
		copyMu.Unlock()
		out, err := w.CopyOut(c.cols, f)
		if err != nil {
			return err
		}
		for _, r := range c.rows {
			if err := out.Row(r); err != nil {
				return err
			}
		}
		return w.Complete(fmt.Sprintf("COPY %d", len(c.rows)))
	}
	testQueries["COPY in"] = func(ctx context.Context, _ *testSession, w ResultWriter) error {
		copyMu.Lock()
		c, f := copyPending, copyFmt
		copyMu.Unlock()
		in, err := w.CopyIn(c.cols, f)
		if err != nil {
			return err
		}
		var got [][]*string
		for {
			fields, err := in.Next(ctx)
			if err != nil && err.Error() == "EOF" {
				break
			}
			if err != nil {
				return err
			}
			row := make([]*string, len(fields))
			for i, f := range fields {
				if f != nil {
					s := string(f)
					row[i] = &s
				}
			}
			got = append(got, row)
		}
		copyMu.Lock()
		copyGot, copyLines = got, in.Line()
		copyMu.Unlock()
		return w.Complete(fmt.Sprintf("COPY %d", len(got)))
	}
}

func setCopy(c copyCase, f CopyFormat) {
	copyMu.Lock()
	copyPending, copyFmt, copyGot = c, f, nil
	copyMu.Unlock()
}

func copyTo(t *testing.T, conn *pgconn.PgConn, sql string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	tag, err := conn.CopyTo(testCtx(t), &buf, sql)
	if err != nil {
		t.Fatalf("CopyTo(%q): %v", sql, err)
	}
	return buf.Bytes(), tag.String()
}

func TestCopyOutMatchesPostgres(t *testing.T) {
	pg := connectPG(t)
	execSQL(t, pg, "SET TimeZone = 'UTC'")
	ts := startCopyServer(t)
	conn := ts.connect(t, "copy")
	for ci, c := range copyCases() {
		for _, cf := range copyFormats {
			t.Run(fmt.Sprintf("%d/%s", ci, cf.with), func(t *testing.T) {
				want, wantTag := copyTo(t, pg, fmt.Sprintf("COPY (%s) TO STDOUT WITH (%s)", c.pgRows, cf.with))
				setCopy(c, cf.f)
				got, tag := copyTo(t, conn, "COPY out")
				if !bytes.Equal(got, want) {
					t.Errorf("wire sent\n%q\nPostgreSQL\n%q", got, want)
				}
				if tag != wantTag {
					t.Errorf("tag %q, PostgreSQL %q", tag, wantTag)
				}
			})
		}
	}
}

// copyInputs are COPY FROM inputs for a three-column text table, with the
// formats they are read in.
var copyInputs = []struct {
	with, input string
	f           CopyFormat
}{
	{"FORMAT text", "a\tb\tc\n\\N\t\\t\\n\\\\\t\\101\\x41\\q\nx\\\ty\t\tz\n", CopyFormat{}},
	{"FORMAT text", "1\t2\t3\r\n4\t5\t6\r\n", CopyFormat{}},
	{"FORMAT csv", "1,2,3\r\n4,\"5\",6\r\n", CopyFormat{Kind: CopyCSV}},
	{"FORMAT text", "1\t2\t3\n\\.\nignored\n", CopyFormat{}},
	{"FORMAT text, HEADER", "h1\th2\th3\n1\t2\t3", CopyFormat{Header: true}},
	{"FORMAT text, DELIMITER '|', NULL ''", "|x|\\|\n", CopyFormat{Delimiter: '|', HasNull: true}},
	{"FORMAT csv", "a,\"b,c\",\"\"\n,\"\",\"multi\nline \"\"q\"\"\"\n  sp ,x,\\N\n", CopyFormat{Kind: CopyCSV}},
	{"FORMAT csv, HEADER, NULL 'NULL'", "x,y,z\nNULL,\"NULL\",\n", CopyFormat{Kind: CopyCSV, Header: true, Null: "NULL", HasNull: true}},
	{"FORMAT csv, QUOTE '''', ESCAPE '\\', DELIMITER ';'", "'a;b';'it\\'s';'back\\\\'\n", CopyFormat{Kind: CopyCSV, Quote: '\'', Escape: '\\', Delimiter: ';'}},
	{"FORMAT csv, FORCE_NOT_NULL (a, c)", ",\"\",\n\"x\",,\"\"\n", CopyFormat{Kind: CopyCSV, ForceNotNull: []bool{true, false, true}}},
	{"FORMAT csv, FORCE_NULL (b)", ",\"\",\n\"\",\"x\",\"\"\n", CopyFormat{Kind: CopyCSV, ForceNull: []bool{false, true, false}}},
	{"FORMAT csv, NULL 'N', FORCE_NULL (a, b), FORCE_NOT_NULL (b, c)", "\"N\",N,N\nN,\"N\",\"N\"\n",
		CopyFormat{Kind: CopyCSV, Null: "N", HasNull: true, ForceNull: []bool{true, true, false}, ForceNotNull: []bool{false, true, true}}},
}

func TestCopyInMatchesPostgres(t *testing.T) {
	pg := connectPG(t)
	ts := startCopyServer(t)
	conn := ts.connect(t, "copyin")
	cols := []Column{{Name: "a", TypeOID: pgtype.TextOID}, {Name: "b", TypeOID: pgtype.TextOID}, {Name: "c", TypeOID: pgtype.TextOID}}
	for i, in := range copyInputs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			execSQL(t, pg, "DROP TABLE IF EXISTS pg_temp.copyin; CREATE TEMP TABLE copyin (n serial, a text, b text, c text)")
			if _, err := pg.CopyFrom(testCtx(t), strings.NewReader(in.input), "COPY copyin (a, b, c) FROM STDIN WITH ("+in.with+")"); err != nil {
				t.Fatalf("PostgreSQL: %v", err)
			}
			want := execSQL(t, pg, "SELECT a, b, c FROM copyin ORDER BY n")[0].Rows
			setCopy(copyCase{cols: cols}, in.f)
			if _, err := conn.CopyFrom(testCtx(t), strings.NewReader(in.input), "COPY in"); err != nil {
				t.Fatalf("wire: %v", err)
			}
			copyMu.Lock()
			got := copyGot
			copyMu.Unlock()
			if len(got) != len(want) {
				t.Fatalf("wire read %d rows, PostgreSQL %d", len(got), len(want))
			}
			for r := range want {
				for c := range want[r] {
					w, g := want[r][c], got[r][c]
					if (w == nil) != (g == nil) || (g != nil && *g != string(w)) {
						t.Errorf("row %d col %d: wire %s, PostgreSQL %s", r, c, show(g), showBytes(w))
					}
				}
			}
		})
	}
}

func show(s *string) string {
	if s == nil {
		return "NULL"
	}
	return fmt.Sprintf("%q", *s)
}

func showBytes(b []byte) string {
	if b == nil {
		return "NULL"
	}
	return fmt.Sprintf("%q", b)
}

// TestCopyInErrors: the errors of a bad copy, with PostgreSQL's codes, and
// the connection usable afterwards.
func TestCopyInErrors(t *testing.T) {
	ts := startCopyServer(t)
	conn := ts.connect(t, "copyerr")
	cols := []Column{{Name: "a"}, {Name: "b"}}
	cases := []struct {
		input, code, msg string
	}{
		{"1\t2\t3\n", "22P04", "extra data after last expected column"},
		{"1\n", "22P04", `missing data for column "b"`},
	}
	for _, tc := range cases {
		setCopy(copyCase{cols: cols}, CopyFormat{})
		_, err := conn.CopyFrom(testCtx(t), strings.NewReader(tc.input), "COPY in")
		pe, ok := asPgError(err)
		if !ok || pe.Code != tc.code || pe.Message != tc.msg {
			t.Errorf("input %q: error %v, want %s %s", tc.input, err, tc.code, tc.msg)
		}
	}
	setCopy(copyCase{cols: cols}, CopyFormat{Kind: CopyCSV})
	_, err := conn.CopyFrom(testCtx(t), &failingReader{}, "COPY in")
	if pe, ok := asPgError(err); !ok || pe.Code != "57014" || !strings.HasPrefix(pe.Message, "COPY from stdin failed: ") {
		t.Errorf("CopyFail: error %v, want 57014 COPY from stdin failed: ...", err)
	}
	if got := execSQL(t, conn, "SELECT 1"); len(got[0].Rows) != 1 {
		t.Errorf("after the failed copies: %v", got)
	}
}

type failingReader struct{ sent bool }

func (r *failingReader) Read(p []byte) (int, error) {
	if !r.sent {
		r.sent = true
		return copy(p, "1,2\n"), nil
	}
	return 0, fmt.Errorf("the client gave up")
}

// TestCopyInCancel: a cancel while the server waits for COPY data ends
// the copy with 57014 and leaves the connection usable.
func TestCopyInCancel(t *testing.T) {
	ts := startCopyServer(t)
	conn := ts.connect(t, "copycancel")
	setCopy(copyCase{cols: []Column{{Name: "a"}}}, CopyFormat{})
	pr := &blockingReader{release: make(chan struct{})}
	go func() {
		time.Sleep(200 * time.Millisecond)
		cctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		conn.CancelRequest(cctx)
		// pgconn waits for its reader before it returns; a server that
		// ignored the cancel would now get CopyFail, another message.
		time.Sleep(time.Second)
		close(pr.release)
	}()
	_, err := conn.CopyFrom(testCtx(t), pr, "COPY in")
	if pe, ok := asPgError(err); !ok || pe.Code != "57014" || pe.Message != ErrQueryCanceled.Error() {
		t.Fatalf("error %v, want 57014 %s", err, ErrQueryCanceled)
	}
	if got := execSQL(t, conn, "SELECT 1"); len(got[0].Rows) != 1 {
		t.Errorf("after the cancelled copy: %v", got)
	}
}

// blockingReader gives one line, then blocks until released (the copy's
// end), then reports EOF.
type blockingReader struct {
	sent    bool
	release chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if !r.sent {
		r.sent = true
		return copy(p, "1\n"), nil
	}
	<-r.release
	return 0, fmt.Errorf("released")
}

// TestCopyInProtocol: Flush and Sync are ignored during a copy, as in
// PostgreSQL, and any other message but CopyData/CopyDone/CopyFail is
// 08P01; the connection then answers the next query.
func TestCopyInProtocol(t *testing.T) {
	ts := startCopyServer(t)
	nc, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(testTimeout))
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters: map[string]string{"user": "tester", "application_name": "copyproto"}})
	receiveUntilReady(t, fe)
	setCopy(copyCase{cols: []Column{{Name: "a"}}}, CopyFormat{})
	run := func(msgs ...pgproto3.FrontendMessage) string {
		t.Helper()
		fe.Send(&pgproto3.Query{String: "COPY in"})
		for _, m := range msgs {
			fe.Send(m)
		}
		return receiveUntilReady(t, fe)
	}
	if got := run(&pgproto3.CopyData{Data: []byte("1\n2")}, &pgproto3.Flush{}, &pgproto3.Sync{},
		&pgproto3.CopyData{Data: []byte("\n")}, &pgproto3.CopyDone{}); got != "CopyInResponse CommandComplete(COPY 2) ReadyForQuery" {
		t.Errorf("with Flush and Sync: %s", got)
	}
	if got := run(&pgproto3.CopyData{Data: []byte("1\n")}, &pgproto3.Query{String: "SELECT 1"}); got != "CopyInResponse ErrorResponse(08P01 unexpected message type 0x51 during COPY from stdin) ReadyForQuery" {
		t.Errorf("with a Query: %s", got)
	}
	if got := run(&pgproto3.CopyFail{Message: "no more"}); got != "CopyInResponse ErrorResponse(57014 COPY from stdin failed: no more) ReadyForQuery" {
		t.Errorf("CopyFail: %s", got)
	}
	fe.Send(&pgproto3.Query{String: "SELECT 1"})
	if got := receiveUntilReady(t, fe); got != "RowDescription DataRow CommandComplete(SELECT 1) ReadyForQuery" {
		t.Errorf("after the copies: %s", got)
	}
}

// receiveUntilReady flushes, reads to ReadyForQuery and names what came.
func receiveUntilReady(t *testing.T, fe *pgproto3.Frontend) string {
	t.Helper()
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(fmt.Sprintf("%T", msg), "*pgproto3.")
		switch m := msg.(type) {
		case *pgproto3.CommandComplete:
			name = fmt.Sprintf("CommandComplete(%s)", m.CommandTag)
		case *pgproto3.ErrorResponse:
			name = fmt.Sprintf("ErrorResponse(%s %s)", m.Code, m.Message)
		case *pgproto3.AuthenticationOk, *pgproto3.ParameterStatus, *pgproto3.BackendKeyData:
			continue
		}
		names = append(names, name)
		if name == "ReadyForQuery" {
			return strings.Join(names, " ")
		}
	}
}

// TestCopyInBinaryFromPostgres: the binary bytes PostgreSQL writes for a
// table read back, field for field, as PostgreSQL's binary values.
func TestCopyInBinaryFromPostgres(t *testing.T) {
	pg := connectPG(t)
	ts := startCopyServer(t)
	conn := ts.connect(t, "copybin")
	data, _ := copyTo(t, pg, `COPY (SELECT 'a'::text, NULL::text, E'x\ty' UNION ALL SELECT '', 'é', NULL) TO STDOUT (FORMAT binary)`)
	cols := []Column{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	setCopy(copyCase{cols: cols}, CopyFormat{Kind: CopyBinary})
	// In two pieces, split inside a field, as a client may send it.
	r := io.MultiReader(bytes.NewReader(data[:25]), bytes.NewReader(data[25:]))
	if _, err := conn.CopyFrom(testCtx(t), r, "COPY in"); err != nil {
		t.Fatal(err)
	}
	copyMu.Lock()
	got := copyGot
	copyMu.Unlock()
	var parts []string
	for _, row := range got {
		for _, f := range row {
			parts = append(parts, show(f))
		}
	}
	if s := strings.Join(parts, " "); s != `"a" NULL "x\ty" "" "é" NULL` {
		t.Errorf("read %s", s)
	}
	setCopy(copyCase{cols: cols}, CopyFormat{Kind: CopyBinary})
	_, err := conn.CopyFrom(testCtx(t), strings.NewReader("not a binary copy at all"), "COPY in")
	if pe, ok := asPgError(err); !ok || pe.Code != "22P04" {
		t.Errorf("bad signature: %v", err)
	}
}
