package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// psqlMetaCommands are the meta-commands whose output through pitgate is
// diffed with psql's against PostgreSQL 15 holding the equivalent
// relations (testenv.EquivalentPostgres).
var psqlMetaCommands = []string{
	// What issue 5 asks for.
	`\dt`, `\dv`, `\dn`, `\l`,
	`\d features.driver_hourly_stats`, `\d+ features.customer_profile`,
	`\dv online.*`, `\dt features.*`, `\df`, `\dT`,
	// The rest of what a user looks at pitgate's relations with.
	`\d`, `\dt+`, `\dv+`, `\dn+`, `\d+ public.driver_stats`, `\d online.driver_activity`,
	`\d features.driver_activity`, `\sv features.driver_hourly_stats`, `\dp features.*`, `\z`,
	`\dd`, `\di`, `\ds`, `\dm`, `\dE`, `\dD`, `\do`, `\dO`, `\dA`, `\des`, `\dew`, `\dRp`, `\dRs`,
	`\dy`, `\dX`, `\dP`, `\dc`, `\dl`,
}

// checkPsqlCatalog runs each of psqlMetaCommands with the real psql
// through pitgate and against the local PostgreSQL, and requires the same
// output (stdout and stderr, byte for byte) except for the differences
// psqlAllowedDifference names.
func checkPsqlCatalog(t *testing.T, f *catalogFixture) {
	psqlPath, err := exec.LookPath("psql")
	requireTool(t, "psql (postgresql-client)", func() error { return err })
	f.requirePostgres(t)
	d, dsn := f.d, f.pgDSN
	pgDB := dsnDatabase(t, dsn)
	pitgateArgs := []string{"-h", d.host, "-p", strconv.Itoa(d.port), "-U", "pitgate", "pitgate"}
	outputs := runPsqlAll(t, psqlPath, func(meta string, server int) []string {
		if server == 0 {
			return append(psqlFormat(meta), pitgateArgs...)
		}
		return append(psqlFormat(meta), dsn)
	})
	for i, meta := range psqlMetaCommands {
		got, want := outputs[i][0], psqlAllowedDifference(meta, outputs[i][1], pgDB)
		if got != want {
			t.Errorf("psql %s differs from PostgreSQL's\npitgate:\n%s\nPostgreSQL:\n%s", meta, got, want)
		}
	}
}

// runPsqlAll runs each of psqlMetaCommands against both servers (conn
// gives psql's connection arguments, 0 for pitgate, 1 for PostgreSQL), a
// few psql processes at a time, and returns their outputs by command.
func runPsqlAll(t *testing.T, psqlPath string, conn func(meta string, server int) []string) [][2]string {
	out := make([][2]string, len(psqlMetaCommands))
	errs := make([][2]error, len(psqlMetaCommands))
	ctx := withTimeout(t)
	slots := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, meta := range psqlMetaCommands {
		for server := range 2 {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer func() { <-slots; wg.Done() }()
				out[i][server], errs[i][server] = runPsql(ctx, psqlPath, conn(meta, server), meta)
			}()
		}
	}
	wg.Wait()
	for i := range errs {
		for _, err := range errs[i] {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// runPsql runs one meta-command and returns what psql printed, stdout
// then stderr.
func runPsql(ctx context.Context, psqlPath string, conn []string, meta string) (string, error) {
	args := append([]string{"-X", "-P", "pager=off", "-v", "ON_ERROR_STOP=1"}, conn...)
	cmd := exec.CommandContext(ctx, psqlPath, append(args, "-c", meta)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("psql %v -c %s: %v\n%s%s", conn, meta, err, stdout.String(), stderr.String())
	}
	return stdout.String() + stderr.String(), nil
}

// psqlFormat is how each meta-command's output is compared: aligned, as a
// user sees it, except \l, compared unaligned (-A) because PostgreSQL's
// aligned table is as wide as its other databases' names.
func psqlFormat(meta string) []string {
	if meta == `\l` {
		return []string{"-A"}
	}
	return nil
}

// psqlAllowedDifference turns PostgreSQL's output into what pitgate must
// print, for the differences that are right:
//
//   - \l: PostgreSQL has other databases (postgres, template0, test, ...)
//     and the test database has another name. Only its row is kept,
//     renamed pitgate, and the row count says so.
func psqlAllowedDifference(meta, out, db string) string {
	if meta != `\l` {
		return out
	}
	var kept []string
	rows, dropping := 0, false
	for _, line := range strings.Split(out, "\n") {
		name, rest, isRow := strings.Cut(line, "|")
		switch {
		case strings.HasPrefix(line, "(") && strings.HasSuffix(line, ")"):
			line, dropping = "(1 row)", false
			if rows != 1 {
				line = fmt.Sprintf("(%d rows)", rows)
			}
		case isRow && name == db:
			line, dropping = "pitgate|"+rest, false
			rows++
		case isRow && name != "Name":
			dropping = true
		}
		// A dropped row's multi-line cell (template0's privileges)
		// continues on lines without a separator.
		if !dropping {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

func dsnDatabase(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}
