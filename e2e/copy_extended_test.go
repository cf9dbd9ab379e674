package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCopyFromExtendedProtocol: COPY ... FROM STDIN sent by libpq through
// the extended protocol (psycopg 3's pgconn.exec_params; psycopg 3's own
// cursor.copy() and pgjdbc's CopyManager send a simple Query), into
// online.<view> and into a session temporary table, with CSV's
// FORCE_NOT_NULL and FORCE_NULL; an option the format does not take is
// PostgreSQL's 0A000.
func TestCopyFromExtendedProtocol(t *testing.T) {
	requireTool(t, "python3-psycopg", func() error {
		return exec.Command(debianPython, "-c", "import psycopg").Run()
	})
	d := startDemo(t, testConfig())
	cmd := exec.CommandContext(withTimeout(t), debianPython, filepath.Join("testdata", "clients", "copy_extended.py"), d.url())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("copy_extended.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var res map[string][]any
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	for name, want := range map[string]string{
		"online":          "[COPY 2]",
		"online rows":     "[[2001 0.5 <nil>] [2002 0.25 0.75]]",
		"temp csv":        "[COPY 2]",
		"temp bad option": "[0A000 ERROR:  COPY force null available only in CSV mode]",
		"temp rows":       "[[1  <nil>] [2  x] [3 simple <nil>]]",
	} {
		if got := fmt.Sprint(res[name]); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}
