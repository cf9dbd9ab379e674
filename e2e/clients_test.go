package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// Real clients in other languages: psycopg2 and psycopg 3 (Debian's
// python3-psycopg2 and python3-psycopg) and pgjdbc (libpostgresql-jdbc-java),
// each running the parameterized design query and comparing its rows with
// the reference.

// debianPython is the interpreter Debian's psycopg packages install for;
// a python3 earlier on PATH (pyenv, say) does not see them.
const debianPython = "/usr/bin/python3"

// requireTool skips the test when a client is missing, except under CI.
func requireTool(t *testing.T, what string, check func() error) {
	t.Helper()
	if err := check(); err != nil {
		if testenv.CI() {
			t.Fatalf("%s is not installed (.ci/run installs it): %v", what, err)
		}
		t.Skipf("%s is not installed: %v", what, err)
	}
}

// pyformatQuery is paramQuery with psycopg's placeholders.
var pyformatQuery = strings.NewReplacer("$1", "%s", "$2", "%s").Replace(paramQuery)

func TestPsycopg(t *testing.T) {
	requireTool(t, "python3-psycopg2 and python3-psycopg", func() error {
		return exec.Command(debianPython, "-c", "import psycopg, psycopg2").Run()
	})
	d := startDemo(t, testConfig())
	driver, from, want := paramArgs(d)
	queryFile := filepath.Join(t.TempDir(), "query.sql")
	if err := os.WriteFile(queryFile, []byte(pyformatQuery), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(withTimeout(t), debianPython, filepath.Join("testdata", "clients", "psycopg_check.py"),
		d.url(), strconv.FormatInt(driver, 10), from.Format(time.RFC3339Nano), queryFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("psycopg_check.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var results map[string][][]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&results); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	for _, name := range []string{"psycopg2", "psycopg3 prepared", "psycopg3 binary", "psycopg3 not prepared"} {
		got, err := typedLike(results[name], want)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := pitref.Compare(got, want); diff != "" {
			t.Errorf("%s differs from the reference:\n%s", name, diff)
		}
	}
	for name, wantRows := range map[string]string{
		"psycopg2 literals":              "[[42 it's]]",
		"psycopg3 status in transaction": "[[INTRANS]]",
		"psycopg3 status after commit":   "[[IDLE]]",
	} {
		if got := fmt.Sprint(results[name]); got != wantRows {
			t.Errorf("%s = %s, want %s", name, got, wantRows)
		}
	}
}

// typedLike converts rows decoded from a client's text output (JSON
// numbers, ISO times) to the Go types of the reference's rows.
func typedLike(rows [][]any, ref *pitref.Table) (*pitref.Table, error) {
	sample := columnSamples(ref)
	out := &pitref.Table{}
	for _, row := range rows {
		if len(row) != len(sample) {
			return nil, fmt.Errorf("row %v has %d columns, want %d", row, len(row), len(sample))
		}
		typed := make([]any, len(row))
		for i, v := range row {
			var err error
			if typed[i], err = convertLike(v, sample[i]); err != nil {
				return nil, fmt.Errorf("column %d: %w", i, err)
			}
		}
		out.Rows = append(out.Rows, typed)
	}
	return out, nil
}

// columnSamples has a non-NULL value of each column, where there is one.
func columnSamples(ref *pitref.Table) []any {
	var sample []any
	for _, row := range ref.Rows {
		if sample == nil {
			sample = make([]any, len(row))
		}
		for i, v := range row {
			if sample[i] == nil {
				sample[i] = v
			}
		}
	}
	return sample
}

func convertLike(v, like any) (any, error) {
	if v == nil {
		return nil, nil
	}
	s := fmt.Sprint(v)
	switch like.(type) {
	case int64:
		return strconv.ParseInt(s, 10, 64)
	case float64:
		return strconv.ParseFloat(s, 64)
	case time.Time:
		return time.Parse(time.RFC3339Nano, s)
	}
	return v, nil
}

const jdbcJar = "/usr/share/java/postgresql.jar"

func TestJDBC(t *testing.T) {
	requireTool(t, "java and libpostgresql-jdbc-java", func() error {
		if _, err := exec.LookPath("java"); err != nil {
			return err
		}
		_, err := os.Stat(jdbcJar)
		return err
	})
	d := startDemo(t, testConfig())
	driver, from, want := paramArgs(d)
	queryFile := filepath.Join(t.TempDir(), "query.sql")
	if err := os.WriteFile(queryFile, []byte(strings.NewReplacer("$1", "?", "$2", "?").Replace(paramQuery)), 0o644); err != nil {
		t.Fatal(err)
	}
	url := fmt.Sprintf("jdbc:postgresql://%s:%d/pitgate?user=pitgate&sslmode=disable", d.host, d.port)
	cmd := exec.CommandContext(withTimeout(t), "java", "-cp", jdbcJar, filepath.Join("testdata", "clients", "JdbcCheck.java"),
		url, strconv.FormatInt(driver, 10), from.Format(time.RFC3339Nano), queryFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("JdbcCheck: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	runs := map[string][][]any{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Split(line, "\t")
		row := make([]any, len(fields)-1)
		for i, f := range fields[1:] {
			if f != `\N` {
				row[i] = f
			}
		}
		runs[fields[0]] = append(runs[fields[0]], row)
	}
	for i := 1; i <= 6; i++ {
		name := fmt.Sprintf("run%d", i)
		got, err := typedLike(microsToTimes(runs[name], want), want)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := pitref.Compare(got, want); diff != "" {
			t.Errorf("JDBC %s differs from the reference:\n%s", name, diff)
		}
	}
	if got := fmt.Sprint(runs["fetched"]); got != fmt.Sprintf("[[%d]]", d.cfg.Orders) {
		t.Errorf("chunked fetch read %s rows, want %d", got, d.cfg.Orders)
	}
	if got := fmt.Sprint(runs["timeout"]); got != "[[57014]]" {
		t.Errorf("setQueryTimeout(1) on a long query: SQLSTATE %s, want 57014 (cancelled)", got)
	}
}

// microsToTimes turns the epoch microseconds JdbcCheck prints for
// timestamps into RFC 3339 text, where the reference holds a time.
func microsToTimes(rows [][]any, ref *pitref.Table) [][]any {
	sample := columnSamples(ref)
	for _, row := range rows {
		for i, v := range row {
			if _, isTime := sample[i].(time.Time); isTime && v != nil {
				us, _ := strconv.ParseInt(v.(string), 10, 64)
				row[i] = time.UnixMicro(us).UTC().Format(time.RFC3339Nano)
			}
		}
	}
	return rows
}
