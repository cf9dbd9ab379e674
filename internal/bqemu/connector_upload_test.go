package bqemu

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/datagen"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"

	"github.com/pitgate/pitgate/warehouse"
)

// uploadEntityQuery is a training query whose left side is a CTE over n
// entity rows (ids of the emulator demo, some unknown or NULL).
func uploadEntityQuery(n int) string {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		id := fmt.Sprint(1001 + i%8)
		if i%37 == 0 {
			id = "NULL"
		}
		ts := start.Add(time.Duration(i*7919%(50*60)) * time.Minute)
		fmt.Fprintf(&b, "(%s, '%s'::timestamptz, 'tag %d')", id, ts.Format("2006-01-02 15:04:05-07"), i)
	}
	return `WITH e(driver_id, ts, tag) AS (VALUES ` + b.String() + `)
		SELECT e.driver_id, e.ts, e.tag, d.conv_rate, d.avg_daily_trips
		FROM e ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = e.driver_id AND d.event_timestamp <= e.ts
		ORDER BY e.tag`
}

func allRows(t *testing.T, conn *pgx.Conn, sql string) ([]uint32, [][]any) {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var oids []uint32
	for _, fd := range rows.FieldDescriptions() {
		oids = append(oids, fd.DataTypeOID)
	}
	var out [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return oids, out
}

// TestUploadedEntityRowsOnBigQuery: the same query inline and with its
// VALUES list uploaded (a table created with an expiration, one load job,
// deleted after the query) returns the same columns and rows; a failing
// and a timed-out query leave no upload table either.
func TestUploadedEntityRowsOnBigQuery(t *testing.T) {
	db, log := startConnector(t, bq.Config{})
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, emulatorDemo(), nil); err != nil {
		t.Fatal(err)
	}
	conn := serveGateway(t, db)
	q := uploadEntityQuery(40)
	mustExecConn(t, conn, "SET pitgate.upload_min_cells = 0")
	inlineOIDs, inline := allRows(t, conn, q)
	if n := len(log.matching("POST", "/tables")); n != 0 {
		t.Fatalf("%d tables created with uploads off", n)
	}
	mustExecConn(t, conn, "SET pitgate.upload_min_cells = 50")
	upOIDs, uploaded := allRows(t, conn, q)
	if n := len(log.matching("POST", "/tables")); n != 1 {
		t.Fatalf("%d tables created, want one upload table", n)
	}
	if n := len(log.matching("DELETE", "/tables/pitgate_upload_")); n != 1 {
		t.Fatalf("%d upload tables deleted, want 1", n)
	}
	if len(inline) != 40 || !reflect.DeepEqual(inline, uploaded) || !reflect.DeepEqual(inlineOIDs, upOIDs) {
		t.Fatalf("inline %d rows %v, uploaded %d rows %v, or different values", len(inline), inlineOIDs, len(uploaded), upOIDs)
	}
	assertNoUploadTables(t, db)

	_, err := conn.Exec(ctx, strings.Replace(q, "SELECT e.driver_id,", "SELECT CAST(e.tag AS int) AS n, e.driver_id,", 1),
		pgx.QueryExecModeSimpleProtocol)
	if err == nil {
		t.Fatal("casting a tag to int succeeded")
	}
	assertNoUploadTables(t, db)
	mustExecConn(t, conn, "SET statement_timeout = '1ms'")
	_, err = conn.Exec(ctx, q, pgx.QueryExecModeSimpleProtocol)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("under a 1 ms statement_timeout: %v, want 57014", err)
	}
	mustExecConn(t, conn, "SET statement_timeout = 0")
	assertNoUploadTables(t, db)
}

// TestUploadTableExpires: an upload table carries its expiration time
// from its creation, so one a dying pitgate leaves behind goes by itself.
func TestUploadTableExpires(t *testing.T) {
	db, log := startConnector(t, bq.Config{})
	ctx := context.Background()
	up, err := db.OpenUploads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	left := 3
	path, err := up.Add(ctx, []warehouse.Column{{Name: "id", Type: "int8"}}, func(row []any) (bool, error) {
		if left == 0 {
			return false, nil
		}
		row[0] = int64(left)
		left--
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	created := log.matching("POST", "/tables")
	if len(created) != 1 {
		t.Fatalf("table creations: %v", created)
	}
	rows, err := up.Query(ctx, "SELECT sum(id) AS s FROM `"+strings.Join(path, ".")+"`")
	if err != nil {
		t.Fatal(err)
	}
	_, got := readAll(t, rows)
	if got[0][0] != int64(6) {
		t.Fatalf("sum of the uploaded ids: %v", got)
	}
	exp, err := db.UploadExpiration(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(exp); d <= 0 || d > bq.UploadExpiry {
		t.Errorf("upload table expires in %v, want within %v", d, bq.UploadExpiry)
	}
	if err := up.Close(ctx); err != nil {
		t.Fatal(err)
	}
	assertNoUploadTables(t, db)
}

func assertNoUploadTables(t *testing.T, db *bq.DB) {
	t.Helper()
	left, err := db.UploadTables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Fatalf("upload tables left in the dataset: %v", left)
	}
}

func mustExecConn(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
