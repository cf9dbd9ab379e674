import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What pgjdbc's DatabaseMetaData reports about a session's temporary table, to the session that
 * made it and to another one.
 *
 * <p>Usage: java -cp postgresql.jar JdbcTemp.java URL
 *
 * <p>Prints one tab-separated line per row: "own tables", "own columns", "other tables".
 */
public class JdbcTemp {
  public static void main(String[] args) throws Exception {
    try (Connection own = DriverManager.getConnection(args[0]);
        Connection other = DriverManager.getConnection(args[0])) {
      try (Statement st = own.createStatement()) {
        st.execute("CREATE TEMP TABLE jdbc_tmp (id bigint, note text, ts timestamptz)");
      }
      DatabaseMetaData md = own.getMetaData();
      try (ResultSet rs = md.getTables(null, null, "jdbc_tmp", null)) {
        while (rs.next()) {
          System.out.println("own tables\t" + rs.getString("TABLE_SCHEM") + "\t" + rs.getString("TABLE_NAME") + "\t" + rs.getString("TABLE_TYPE"));
        }
      }
      try (ResultSet rs = md.getColumns(null, null, "jdbc_tmp", null)) {
        while (rs.next()) {
          System.out.println("own columns\t" + rs.getString("COLUMN_NAME") + "\t" + rs.getString("TYPE_NAME") + "\t" + rs.getInt("DATA_TYPE") + "\t" + rs.getInt("ORDINAL_POSITION"));
        }
      }
      try (ResultSet rs = other.getMetaData().getTables(null, null, "jdbc_tmp", null)) {
        while (rs.next()) {
          System.out.println("other tables\t" + rs.getString("TABLE_SCHEM") + "\t" + rs.getString("TABLE_NAME"));
        }
      }
    }
  }
}
