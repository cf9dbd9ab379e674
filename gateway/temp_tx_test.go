package gateway_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// TestTempTablesRollBack: ROLLBACK drops the temporary tables created in
// the block, ROLLBACK TO those created after the savepoint, COMMIT and
// RELEASE keep them; the warehouse holds none of the dropped ones.
func TestTempTablesRollBack(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c := tempConnect(t, ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
			for _, sql := range []string{
				"CREATE TEMP TABLE before_tx (a int)",
				"BEGIN", "CREATE TEMP TABLE kept (a int)", "SAVEPOINT s1", "CREATE TABLE undone_to_s1 (a int)",
				"ROLLBACK TO s1", "SAVEPOINT s2", "CREATE TEMP TABLE released (a int)", "RELEASE s2", "COMMIT",
				"BEGIN", "CREATE TEMP TABLE rolled_back (a int)", "INSERT INTO before_tx VALUES (1)", "ROLLBACK",
			} {
				mustExec(t, c, sql)
			}
			mustExec(t, c, "BEGIN")
			mustExec(t, c, "CREATE TEMP TABLE failed_block (a int)")
			if _, err := c.Exec(ctx, "SELECT * FROM no_such_table"); err == nil {
				t.Fatal("a bad statement succeeded")
			}
			mustExec(t, c, "ROLLBACK")
			for name, want := range map[string]bool{"before_tx": true, "kept": true, "released": true,
				"undone_to_s1": false, "rolled_back": false, "failed_block": false} {
				_, err := c.Exec(ctx, "SELECT * FROM "+name)
				if got := err == nil; got != want {
					t.Errorf("%s readable: %v (%v), want %v", name, got, err, want)
				}
				if got := len(tempTexts(t, c, hasTableSQL, name)) == 1; got != want {
					t.Errorf("has_table(%s) = %v, want %v", name, got, want)
				}
				if tw.count != nil {
					if n := tw.count(t, name); (n == 1) != want {
						t.Errorf("the warehouse holds %d temporary %s", n, name)
					}
				}
			}
			// Rows are not transactional: the INSERT of the rolled back block stays.
			if got := strings.TrimSpace(ids(t, c, "SELECT count(*) FROM before_tx")); got != "1" {
				t.Errorf("before_tx has %s rows, want 1 (documented: rows are not rolled back)", got)
			}
		})
	}
}
