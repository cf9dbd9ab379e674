import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * Prints what pgjdbc's DatabaseMetaData and ResultSetMetaData report, as DBeaver, DataGrip and
 * Metabase read them, for each URL given.
 *
 * <p>Usage: java -cp postgresql.jar JdbcMetadata.java NAME=URL...
 *
 * <p>Each result is printed as a header line "NAME SECTION #" followed by the result's column
 * labels, then one line "NAME SECTION" per row with its values; fields are tab-separated, NULL is
 * \N, and tabs, newlines and backslashes in values are escaped as \t, \n and \\.
 */
public class JdbcMetadata {
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.substring(0, eq);
      try (Connection c = DriverManager.getConnection(arg.substring(eq + 1))) {
        describe(name, c);
      }
    }
  }

  static void describe(String name, Connection c) throws Exception {
    DatabaseMetaData md = c.getMetaData();
    print(name, "catalogs", md.getCatalogs());
    print(name, "schemas", md.getSchemas());
    print(name, "tables features VIEW", md.getTables(null, "features", "%", new String[] {"VIEW"}));
    print(name, "tables features TABLE", md.getTables(null, "features", "%", new String[] {"TABLE"}));
    print(name, "tables public TABLE", md.getTables(null, "public", "%", new String[] {"TABLE"}));
    print(name, "columns", md.getColumns(null, "features", "driver_hourly_stats", "%"));
    print(name, "primary keys", md.getPrimaryKeys(null, "features", "driver_hourly_stats"));
    print(name, "type info", md.getTypeInfo());
    print(name, "product", md.getDatabaseProductName() + " " + md.getDatabaseProductVersion()
        + " " + md.getDatabaseMajorVersion() + "." + md.getDatabaseMinorVersion());
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM driver_hourly_stats LIMIT 5")) {
      printColumns(name, "result columns", rs.getMetaData());
      int n = 0;
      while (rs.next()) {
        n++;
      }
      print(name, "result rows", Integer.toString(n));
    }
  }

  static void print(String name, String section, String value) {
    System.out.println(name + " " + section + " #\tvalue");
    System.out.println(name + " " + section + "\t" + escape(value));
  }

  static void print(String name, String section, ResultSet rs) throws Exception {
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder out = new StringBuilder(name + " " + section + " #");
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.append('\t').append(md.getColumnLabel(i));
    }
    out.append('\n');
    while (rs.next()) {
      out.append(name).append(' ').append(section);
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Object v = rs.getObject(i);
        out.append('\t').append(v == null ? "\\N" : escape(v.toString()));
      }
      out.append('\n');
    }
    rs.close();
    System.out.print(out);
  }

  /** One row per result column: what a tool shows for a query's result. */
  static void printColumns(String name, String section, ResultSetMetaData md) throws Exception {
    System.out.println(name + " " + section + " #\tlabel\tname\ttype\ttype name\tclass\ttable"
        + "\tschema\tprecision\tscale\tnullable\tdisplay size");
    for (int i = 1; i <= md.getColumnCount(); i++) {
      System.out.println(String.join("\t", name + " " + section, md.getColumnLabel(i),
          md.getColumnName(i), Integer.toString(md.getColumnType(i)), md.getColumnTypeName(i),
          md.getColumnClassName(i), md.getTableName(i), md.getSchemaName(i),
          Integer.toString(md.getPrecision(i)), Integer.toString(md.getScale(i)),
          Integer.toString(md.isNullable(i)), Integer.toString(md.getColumnDisplaySize(i))));
    }
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }
}
