package wire

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

func TestSimpleQueryTypes(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "types")
	for _, tc := range typeCases {
		t.Run(tc.name, func(t *testing.T) {
			results := execSQL(t, conn, "SELECT value "+tc.name)
			if len(results) != 1 || len(results[0].Rows) != 1 {
				t.Fatalf("got %d results, want 1 with 1 row", len(results))
			}
			fd := results[0].FieldDescriptions[0]
			if fd.Name != tc.name || fd.DataTypeOID != tc.col.TypeOID || fd.DataTypeSize != tc.col.TypeSize ||
				fd.TypeModifier != tc.col.TypeMod || fd.Format != pgtype.TextFormatCode {
				t.Errorf("field = %+v, want name %s, oid %d, size %d, mod %d, text format",
					fd, tc.name, tc.col.TypeOID, tc.col.TypeSize, tc.col.TypeMod)
			}
			got := "NULL"
			if v := results[0].Rows[0][0]; v != nil {
				got = string(v)
			}
			if got != tc.want {
				t.Errorf("value = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSeveralResultsInOneQuery(t *testing.T) {
	ts := startServer(t)
	results := execSQL(t, ts.connect(t, "multi"), "SELECT multi")
	if len(results) != 3 {
		t.Fatalf("got %d results, want 3", len(results))
	}
	first := results[0]
	if got := first.FieldDescriptions[1]; got.Name != "name" || got.TableOID != 16384 || got.TableAttributeNumber != 2 {
		t.Errorf("second column = %+v, want name from table 16384 attribute 2", got)
	}
	if len(first.Rows) != 2 || string(first.Rows[0][0]) != "1001" || first.Rows[1][1] != nil {
		t.Errorf("first result rows = %q, want [[1001 ann] [1002 NULL]]", first.Rows)
	}
	wantTags := []string{"SELECT 2", "CREATE TABLE", "SELECT 1"}
	for i, r := range results {
		if r.CommandTag.String() != wantTags[i] {
			t.Errorf("result %d tag = %q, want %q", i, r.CommandTag.String(), wantTags[i])
		}
	}
	if results[1].FieldDescriptions != nil {
		t.Errorf("CREATE TABLE result has columns %v, want none", results[1].FieldDescriptions)
	}
	if string(results[2].Rows[0][0]) != "f" {
		t.Errorf("third result = %q, want f", results[2].Rows)
	}
}

func TestLargeResultStreams(t *testing.T) {
	ts := startServer(t)
	results := execSQL(t, ts.connect(t, "big"), "SELECT big")
	rows := results[0].Rows
	if len(rows) != 20000 || string(rows[19999][0]) != "19999" {
		t.Fatalf("got %d rows ending %q, want 20000 ending 19999", len(rows), rows[len(rows)-1])
	}
}

func TestErrorFields(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "errors")
	tests := []struct {
		sql           string
		code, message string
		detail, hint  string
		position      int32
	}{
		{"SELECT error", "42P01", `relation "nope" does not exist`,
			"no feature view or table has that name", "feature views live in schema features", 15},
		{"SELECT typo", "42601", `syntax error at or near "SELECT typo"`, "", "", 1},
		{"SELECT internal", "XX000", "warehouse connector exploded", "", "", 0},
		{"SELECT bad row", "XX000", "ResultWriter.Row got 2 values for 1 columns", "", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			e := pgError(t, conn, tc.sql)
			if e.Severity != "ERROR" || e.SeverityUnlocalized != "ERROR" || e.Code != tc.code || e.Message != tc.message ||
				e.Detail != tc.detail || e.Hint != tc.hint || e.Position != tc.position {
				t.Errorf("error = %+v\nwant ERROR %s %q detail %q hint %q position %d",
					e, tc.code, tc.message, tc.detail, tc.hint, tc.position)
			}
			if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
				t.Errorf("after the error SELECT 1 = %q", got[0].Rows)
			}
		})
	}
}

func TestRowsSentBeforeErrorStaySent(t *testing.T) {
	ts := startServer(t)
	results, err := ts.connect(t, "partial").Exec(testCtx(t), "SELECT rows then error").ReadAll()
	pgErr, ok := asPgError(err)
	if !ok || pgErr.Code != "22012" {
		t.Fatalf("error = %v, want 22012", err)
	}
	if len(results) != 1 || len(results[0].Rows) != 2 {
		t.Fatalf("results = %+v, want the 2 rows sent before the error", results)
	}
}

func TestEmptyQueryAndNotice(t *testing.T) {
	ts := startServer(t)
	var notices []string
	cfg, err := pgconn.ParseConfig(ts.url("notice", ""))
	if err != nil {
		t.Fatal(err)
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notices = append(notices, n.Severity+" "+n.Message) }
	conn, err := pgconn.ConnectConfig(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	if results := execSQL(t, conn, ""); len(results) != 1 || results[0].CommandTag.String() != "" || results[0].Rows != nil {
		t.Errorf("empty query results = %+v, want one empty result", results)
	}
	execSQL(t, conn, "SELECT notice")
	if len(notices) != 1 || notices[0] != "NOTICE materialization is behind" {
		t.Errorf("notices = %q, want the one NOTICE", notices)
	}
}

func TestParameterStatusAndTxStatus(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect(t, "params")
	for name, want := range map[string]string{
		"server_version":   "15.0 (pitgate wire test)",
		"client_encoding":  "UTF8",
		"application_name": "params",
		"TimeZone":         "UTC",
	} {
		if got := conn.ParameterStatus(name); got != want {
			t.Errorf("ParameterStatus(%q) = %q, want %q", name, got, want)
		}
	}
	execSQL(t, conn, "SET application_name = 'renamed'")
	if got := conn.ParameterStatus("application_name"); got != "renamed" {
		t.Errorf("after SET application_name = %q, want renamed", got)
	}
	for _, step := range []struct {
		sql  string
		want byte
	}{{"BEGIN", 'T'}, {"COMMIT", 'I'}} {
		execSQL(t, conn, step.sql)
		if got := conn.TxStatus(); got != step.want {
			t.Errorf("after %s TxStatus = %c, want %c", step.sql, got, step.want)
		}
	}
	s := ts.handler.session("params")
	if s.params["user"] != "tester" || s.params["database"] != "features" {
		t.Errorf("startup params = %v, want user tester, database features", s.params)
	}
}

func TestBackendKeysDiffer(t *testing.T) {
	ts := startServer(t)
	a, b := ts.connect(t, "key-a"), ts.connect(t, "key-b")
	if a.PID() == 0 || a.PID() == b.PID() {
		t.Errorf("process ids %d and %d, want distinct and non-zero", a.PID(), b.PID())
	}
	if string(a.SecretKey()) == string(b.SecretKey()) || len(a.SecretKey()) != 4 {
		t.Errorf("secret keys %x and %x, want distinct 4-byte keys", a.SecretKey(), b.SecretKey())
	}
}

func TestPsql(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not on PATH")
	}
	ts := startServer(t)
	host, port, _ := strings.Cut(ts.addr, ":")
	// sslmode=prefer (psql's default) sends SSLRequest and, answered N,
	// goes on in plain text on the same connection.
	cmd := exec.CommandContext(testCtx(t), psql, "-X", "-A", "-t", "-h", host, "-p", port, "-U", "tester", "-d", "features",
		"-c", "SELECT multi")
	cmd.Env = append(cmd.Environ(), "PGSSLMODE=prefer", "PGAPPNAME=psql-test", "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	// psql -c with several results prints each one.
	want := "1001|ann\n1002|\nCREATE TABLE\nf\n"
	if !strings.Contains(string(out), want) {
		t.Errorf("psql output = %q, want it to contain %q", out, want)
	}
	ts.waitClosed(t, "psql-test")

	cmd = exec.CommandContext(testCtx(t), psql, "-X", "-h", host, "-p", port, "-U", "tester", "-d", "features",
		"-v", "ON_ERROR_STOP=1", "-c", "SELECT error")
	out, err = cmd.CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), `ERROR:  relation "nope" does not exist`) {
		t.Errorf("psql on an error exited %d with %q, want 1 and the message", code, out)
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}
