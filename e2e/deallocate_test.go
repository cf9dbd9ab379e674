package e2e

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestDeallocate: SQL DEALLOCATE closes the connection's prepared
// statements, as psqlODBC expects when it drops a server-side plan: the
// name can be prepared again, an unknown name is 26000, and the session
// stays usable.
func TestDeallocate(t *testing.T) {
	d := startDemo(t, testConfig())
	pc := connect(t, d).PgConn()
	ctx := withTimeout(t)
	prepare := func(name, sql string) error {
		_, err := pc.Prepare(ctx, name, sql, nil)
		return err
	}
	exec := func(sql string) (string, error) {
		res, err := pc.Exec(ctx, sql).ReadAll()
		if err != nil {
			return "", err
		}
		return res[len(res)-1].CommandTag.String(), nil
	}
	if err := prepare("s1", "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	var pgErr *pgconn.PgError
	if err := prepare("s1", "SELECT 2"); !errors.As(err, &pgErr) || pgErr.Code != "42P05" {
		t.Fatalf("preparing s1 twice: %v, want 42P05", err)
	}
	if tag, err := exec(`DEALLOCATE s1`); err != nil || tag != "DEALLOCATE" {
		t.Fatalf("DEALLOCATE s1: %q, %v", tag, err)
	}
	if err := prepare("s1", "SELECT 2"); err != nil {
		t.Fatalf("s1 after DEALLOCATE: %v", err)
	}
	if err := prepare("S 2", "SELECT 3"); err != nil {
		t.Fatal(err)
	}
	if tag, err := exec(`DEALLOCATE ALL`); err != nil || tag != "DEALLOCATE ALL" {
		t.Fatalf("DEALLOCATE ALL: %q, %v", tag, err)
	}
	if _, err := exec(`DEALLOCATE PREPARE "S 2"`); !errors.As(err, &pgErr) || pgErr.Code != "26000" {
		t.Fatalf("DEALLOCATE of a closed statement: %v, want 26000", err)
	}
	if err := prepare("S 2", "SELECT 3"); err != nil {
		t.Fatalf("S 2 after DEALLOCATE ALL: %v", err)
	}
	// In the extended protocol, as an unnamed statement's portal.
	if err := prepare("s3", "SELECT 4"); err != nil {
		t.Fatal(err)
	}
	if res := pc.ExecParams(ctx, `DEALLOCATE s3`, nil, nil, nil, nil).Read(); res.Err != nil || res.CommandTag.String() != "DEALLOCATE" {
		t.Fatalf("DEALLOCATE s3 through Parse/Bind/Execute: %q, %v", res.CommandTag, res.Err)
	}
	if err := prepare("s3", "SELECT 5"); err != nil {
		t.Fatalf("s3 after DEALLOCATE: %v", err)
	}
	if tag, err := exec(`SELECT 1`); err != nil || tag != "SELECT 1" {
		t.Fatalf("after the errors: %q, %v", tag, err)
	}
}
