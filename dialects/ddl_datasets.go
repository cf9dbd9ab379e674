package dialects

import "strings"

// The statements a saved dataset (CREATE TABLE datasets.<name> AS ...)
// sends: every warehouse spells them alike (CREATE SCHEMA IF NOT EXISTS,
// CREATE TABLE ... AS, DROP TABLE IF EXISTS), and only the names differ,
// printed as the dialect prints any relation name. The query is SQL this
// package printed; no user text is concatenated.

// QualifiedName prints a relation's name parts as the dialect names a
// table in FROM.
func QualifiedName(d Dialect, parts []string) string {
	if tn, ok := d.(tableNamer); ok {
		return tn.TableName(parts)
	}
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = d.QuoteIdent(p)
	}
	return strings.Join(quoted, ".")
}

// CreateSchema prints CREATE SCHEMA IF NOT EXISTS of the schema parts
// (a BigQuery dataset is its schema).
func CreateSchema(d Dialect, schema []string) string {
	quoted := make([]string, len(schema))
	for i, p := range schema {
		quoted[i] = d.QuoteIdent(p)
	}
	return "CREATE SCHEMA IF NOT EXISTS " + strings.Join(quoted, ".")
}

// CreateTableAs prints CREATE TABLE table AS query, query being SQL that
// Print made in the same dialect.
func CreateTableAs(d Dialect, table []string, query string) string {
	return "CREATE TABLE " + QualifiedName(d, table) + " AS " + query
}

// DropTable prints DROP TABLE IF EXISTS table.
func DropTable(d Dialect, table []string) string {
	return "DROP TABLE IF EXISTS " + QualifiedName(d, table)
}

// CountRows prints SELECT count(*) FROM table.
func CountRows(d Dialect, table []string) string {
	return "SELECT count(*) FROM " + QualifiedName(d, table)
}
