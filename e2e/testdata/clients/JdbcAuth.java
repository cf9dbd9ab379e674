import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Logs in through pgjdbc with a password (SCRAM-SHA-256 when the server asks for it) and runs
 * one query.
 *
 * <p>Usage: java -cp postgresql.jar JdbcAuth.java URL USER PASSWORD
 *
 * <p>Prints "ok" and the query's value, or "error", the SQLSTATE and the message.
 */
public class JdbcAuth {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", args[1]);
    props.setProperty("password", args[2]);
    try (Connection c = DriverManager.getConnection(args[0], props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
      rs.next();
      System.out.println("ok\t" + rs.getLong(1));
    } catch (SQLException e) {
      System.out.println("error\t" + e.getSQLState() + "\t" + e.getMessage());
    }
  }
}
