package e2e

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
)

// jdbcResult is one result JdbcMetadata.java printed: column labels and
// rows (nil: NULL).
type jdbcResult struct {
	cols []string
	rows [][]*string
}

// get is the value of column label in row i ("" for NULL).
func (r *jdbcResult) get(i int, label string) string {
	j := slices.Index(r.cols, label)
	if j < 0 || r.rows[i][j] == nil {
		return ""
	}
	return *r.rows[i][j]
}

// column is every row's value of label.
func (r *jdbcResult) column(label string) []string {
	out := make([]string, len(r.rows))
	for i := range r.rows {
		out[i] = r.get(i, label)
	}
	return out
}

// pgjdbcType is what pgjdbc 42.5 reports for a PostgreSQL type in
// getColumns: java.sql.Types, COLUMN_SIZE and DECIMAL_DIGITS (TypeInfoCache).
var pgjdbcType = map[string]struct{ sqlType, size, digits string }{
	"int8":        {"-5", "19", "0"}, // BIGINT
	"float8":      {"8", "17", "17"}, // DOUBLE
	"timestamptz": {"93", "35", "6"}, // TIMESTAMP
}

// checkJdbcCatalog runs JdbcMetadata.java through pitgate (and against
// the equivalent PostgreSQL when it is there) and checks what pgjdbc
// reports against the registry.
func checkJdbcCatalog(t *testing.T, f *catalogFixture) {
	requireTool(t, "java and libpostgresql-jdbc-java", func() error {
		if _, err := exec.LookPath("java"); err != nil {
			return err
		}
		_, err := os.Stat(jdbcJar)
		return err
	})
	urls := []string{fmt.Sprintf("pitgate=jdbc:postgresql://%s:%d/pitgate?user=pitgate&sslmode=disable", f.d.host, f.d.port)}
	if f.pgDSN != "" {
		urls = append(urls, "postgres="+jdbcURL(t, f.pgDSN))
	}
	results := runJdbcMetadata(t, f.d, urls)
	pit := results["pitgate"]
	t.Run("registry", func(t *testing.T) { checkJdbcAgainstRegistry(t, f, pit) })
	t.Run("postgres", func(t *testing.T) {
		f.requirePostgres(t)
		checkJdbcAgainstPostgres(t, pit, results["postgres"])
	})
}

// jdbcURL is a pgjdbc URL of a postgres:// DSN.
func jdbcURL(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("user", u.User.Username())
	if pw, ok := u.User.Password(); ok {
		q.Set("password", pw)
	}
	return "jdbc:postgresql://" + u.Host + u.Path + "?" + q.Encode()
}

// runJdbcMetadata runs JdbcMetadata.java and parses its results by
// connection name, then section.
func runJdbcMetadata(t *testing.T, d *demo, urls []string) map[string]map[string]*jdbcResult {
	args := append([]string{"-cp", jdbcJar, filepath.Join("testdata", "clients", "JdbcMetadata.java")}, urls...)
	cmd := exec.CommandContext(withTimeout(t), "java", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("JdbcMetadata: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	results := map[string]map[string]*jdbcResult{}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		fields := strings.Split(line, "\t")
		name, section, _ := strings.Cut(fields[0], " ")
		if results[name] == nil {
			results[name] = map[string]*jdbcResult{}
		}
		if header, ok := strings.CutSuffix(section, " #"); ok {
			results[name][header] = &jdbcResult{cols: fields[1:]}
			continue
		}
		r := results[name][section]
		row := make([]*string, len(fields)-1)
		for i, v := range fields[1:] {
			if v != `\N` {
				v = strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\\`, `\`).Replace(v)
				row[i] = &v
			}
		}
		r.rows = append(r.rows, row)
	}
	return results
}

func checkJdbcAgainstRegistry(t *testing.T, f *catalogFixture, pit map[string]*jdbcResult) {
	want := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	want("getCatalogs", pit["catalogs"].column("TABLE_CAT"), []string{"pitgate"})
	want("getSchemas", pit["schemas"].column("table_schem"), []string{"features", "information_schema", "online", "pg_catalog", "public"})
	var views, remarks []string
	for _, v := range f.repo.Views {
		views, remarks = append(views, v.Name), append(remarks, v.Description)
	}
	for _, s := range f.repo.Services {
		views, remarks = append(views, s.Name), append(remarks, s.Description)
	}
	order := sortedOrder(views)
	want("getTables(features, VIEW) names", pit["tables features VIEW"].column("TABLE_NAME"), permute(views, order))
	want("getTables(features, VIEW) remarks", pit["tables features VIEW"].column("REMARKS"), permute(remarks, order))
	want("getTables(features, VIEW) types", slices.Compact(pit["tables features VIEW"].column("TABLE_TYPE")), []string{"VIEW"})
	want("getTables(features, TABLE)", len(pit["tables features TABLE"].rows), 0)
	var tables, tableRemarks []string
	for _, src := range f.repo.Sources {
		tables, tableRemarks = append(tables, src.Table), append(tableRemarks, src.Description)
	}
	order = sortedOrder(tables)
	want("getTables(public, TABLE) names", pit["tables public TABLE"].column("TABLE_NAME"), permute(tables, order))
	want("getTables(public, TABLE) remarks", pit["tables public TABLE"].column("REMARKS"), permute(tableRemarks, order))
	checkJdbcColumns(t, f, pit["columns"], pit["result columns"])
	want("getPrimaryKeys (feature views are not unique per key)", len(pit["primary keys"].rows), 0)
	typeInfo := pit["type info"]
	for _, typ := range []string{"int8", "float8", "timestamptz"} {
		i := slices.Index(typeInfo.column("TYPE_NAME"), typ)
		if i < 0 {
			t.Errorf("getTypeInfo lacks %s (it has %v)", typ, typeInfo.column("TYPE_NAME"))
			continue
		}
		want("getTypeInfo DATA_TYPE of "+typ, typeInfo.get(i, "DATA_TYPE"), pgjdbcType[typ].sqlType)
	}
	want("getDatabaseProductVersion", pit["product"].column("value"), []string{"PostgreSQL 15.8 15.8"})
	want("rows of the feature query", pit["result rows"].column("value"), []string{"5"})
}

// checkJdbcColumns checks getColumns of features.driver_hourly_stats and
// the ResultSetMetaData of SELECT * from it against the registry.
func checkJdbcColumns(t *testing.T, f *catalogFixture, cols, result *jdbcResult) {
	wantCols := testenv.ViewColumns(t, f.repo.View("driver_hourly_stats"), f.wh)
	if len(cols.rows) != len(wantCols) || len(result.rows) != len(wantCols) {
		t.Fatalf("getColumns has %d rows and the result %d columns, want %d (%v)", len(cols.rows), len(result.rows), len(wantCols), wantCols)
	}
	for i, c := range wantCols {
		jt, ok := pgjdbcType[c.Type]
		if !ok {
			t.Fatalf("no pgjdbc mapping for %s", c.Type)
		}
		wantRow := []string{c.Name, jt.sqlType, c.Type, jt.size, jt.digits, c.Comment, strconv.Itoa(i + 1), "YES"}
		gotRow := []string{cols.get(i, "COLUMN_NAME"), cols.get(i, "DATA_TYPE"), cols.get(i, "TYPE_NAME"),
			cols.get(i, "COLUMN_SIZE"), cols.get(i, "DECIMAL_DIGITS"), cols.get(i, "REMARKS"),
			cols.get(i, "ORDINAL_POSITION"), cols.get(i, "IS_NULLABLE")}
		if !slices.Equal(gotRow, wantRow) {
			t.Errorf("getColumns row %d (name, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, DECIMAL_DIGITS, REMARKS, ORDINAL_POSITION, IS_NULLABLE)\n got %q\nwant %q", i+1, gotRow, wantRow)
		}
		wantMeta := []string{c.Name, jt.sqlType, c.Type, jt.size, jt.digits}
		gotMeta := []string{result.get(i, "label"), result.get(i, "type"), result.get(i, "type name"),
			result.get(i, "precision"), result.get(i, "scale")}
		if !slices.Equal(gotMeta, wantMeta) {
			t.Errorf("ResultSetMetaData column %d (label, type, type name, precision, scale)\n got %q\nwant %q", i+1, gotMeta, wantMeta)
		}
	}
}

// checkJdbcAgainstPostgres requires pgjdbc to report the same through
// pitgate as from PostgreSQL 15 holding the equivalent relations, except:
//
//   - getCatalogs: PostgreSQL's database has the test's name, not pitgate.
//   - getTypeInfo: PostgreSQL has types pitgate's catalog does not hold
//     (geometric, range, network, text search, ...); every type pitgate
//     lists must be listed by PostgreSQL with the same row.
//   - getDatabaseProductVersion: pitgate says PostgreSQL 15.8, the local
//     server its own minor version.
//   - the feature query's rows: the equivalent tables are empty.
//   - ResultSetMetaData getTableName and isNullable: PostgreSQL's
//     RowDescription names each column's relation (the view's OID and
//     attnum) and pgjdbc looks both up; pitgate's carries no table OID
//     (its plan does not keep where a column came from), so pgjdbc reports
//     "" and columnNullableUnknown (2).
func checkJdbcAgainstPostgres(t *testing.T, pit, pg map[string]*jdbcResult) {
	pg["catalogs"].rows = [][]*string{{ptr("pitgate")}}
	pgTypes := map[string][]*string{}
	for i, name := range pg["type info"].column("TYPE_NAME") {
		pgTypes[name] = pg["type info"].rows[i]
	}
	for i, name := range pit["type info"].column("TYPE_NAME") {
		if want, ok := pgTypes[name]; !ok || rowText(want) != rowText(pit["type info"].rows[i]) {
			t.Errorf("getTypeInfo %s: pitgate %s, PostgreSQL %s", name, rowText(pit["type info"].rows[i]), rowText(want))
		}
	}
	withoutTableOID(t, pit["result columns"], pg["result columns"])
	for section, got := range pit {
		switch section {
		case "type info", "product", "result rows":
			continue
		}
		want := pg[section]
		if want == nil {
			t.Errorf("pgjdbc %s: no answer from PostgreSQL", section)
			continue
		}
		if !slices.Equal(got.cols, want.cols) || tableText(got.rows) != tableText(want.rows) {
			t.Errorf("pgjdbc %s differs from PostgreSQL's\npitgate:\n  %v\n%s\nPostgreSQL:\n  %v\n%s", section, got.cols, tableText(got.rows), want.cols, tableText(want.rows))
		}
	}
}

// withoutTableOID checks the ResultSetMetaData difference that follows
// from pitgate's RowDescription carrying no table OID, then sets
// PostgreSQL's answers to pitgate's.
func withoutTableOID(t *testing.T, pit, pg *jdbcResult) {
	table, nullable := slices.Index(pg.cols, "table"), slices.Index(pg.cols, "nullable")
	for i, row := range pit.rows {
		if got := rowText([]*string{row[table], row[nullable]}); got != ` | 2` {
			t.Errorf("ResultSetMetaData column %d: getTableName | isNullable = %s, want  | 2 (no table OID in RowDescription): drop this allowance if pitgate now sends it", i+1, got)
		}
		pg.rows[i][table], pg.rows[i][nullable] = row[table], row[nullable]
	}
}

func ptr(s string) *string { return &s }

func rowText(row []*string) string {
	parts := make([]string, len(row))
	for i, v := range row {
		parts[i] = `\N`
		if v != nil {
			parts[i] = *v
		}
	}
	return strings.Join(parts, " | ")
}

func tableText(rows [][]*string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("  " + rowText(r) + "\n")
	}
	return b.String()
}

// sortedOrder is the permutation sorting names, as catalog listings are.
func sortedOrder(names []string) []int {
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	return order
}

func permute(values []string, order []int) []string {
	out := make([]string, len(order))
	for i, j := range order {
		out[i] = values[j]
	}
	return out
}
