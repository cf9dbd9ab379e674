import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.OffsetDateTime;

/**
 * Runs the parameterized design query through pgjdbc.
 *
 * <p>Usage: java -cp postgresql.jar JdbcCheck.java URL DRIVER_ID SINCE_ISO QUERY_FILE
 *
 * <p>Prints "rows" lines of the query (one value per tab-separated field, timestamps in epoch
 * microseconds, NULL as \N), each run prefixed by its name, then the chunked fetch's count and the
 * SQLSTATE of a statement cancelled by setQueryTimeout.
 */
public class JdbcCheck {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    long driver = Long.parseLong(args[1]);
    OffsetDateTime since = OffsetDateTime.parse(args[2]);
    String query = Files.readString(Path.of(args[3]));
    try (Connection c = DriverManager.getConnection(url)) {
      // Executed 6 times: from the 5th (prepareThreshold) pgjdbc uses a named
      // server-side statement, and binary results for the types it can read.
      try (PreparedStatement ps = c.prepareStatement(query)) {
        for (int i = 1; i <= 6; i++) {
          ps.setLong(1, driver);
          ps.setObject(2, since);
          try (ResultSet rs = ps.executeQuery()) {
            print("run" + i, rs);
          }
        }
      }
      // With autocommit off and a fetch size, pgjdbc binds a portal and
      // fetches it 500 rows per Execute.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT order_id FROM orders WHERE order_id > ? ORDER BY order_id")) {
        ps.setFetchSize(500);
        ps.setLong(1, 0);
        long n = 0, last = Long.MIN_VALUE;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            if (id < last) {
              throw new IllegalStateException("order_id " + id + " after " + last);
            }
            last = id;
            n++;
          }
        }
        c.commit();
        System.out.println("fetched\t" + n);
      }
      // setQueryTimeout: pgjdbc's timer sends a CancelRequest after 1 s; the
      // statement (a three-way cross join, hours of work) fails with 57014.
      c.setAutoCommit(true);
      try (java.sql.Statement st = c.createStatement()) {
        st.setQueryTimeout(1);
        try {
          st.executeQuery("SELECT count(*) FROM driver_stats a, driver_stats b, driver_stats c"
              + " WHERE a.conv_rate + b.conv_rate > c.acc_rate");
          System.out.println("timeout\tnone");
        } catch (java.sql.SQLException e) {
          System.out.println("timeout\t" + e.getSQLState());
        }
      }
    }
  }

  static void print(String name, ResultSet rs) throws Exception {
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder out = new StringBuilder();
    while (rs.next()) {
      out.append(name);
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.append('\t');
        Object v = md.getColumnType(i) == java.sql.Types.TIMESTAMP
            ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i);
        if (v == null) {
          out.append("\\N");
        } else if (v instanceof OffsetDateTime) {
          OffsetDateTime t = (OffsetDateTime) v;
          out.append(t.toEpochSecond() * 1_000_000L + t.getNano() / 1000);
        } else {
          out.append(v);
        }
      }
      out.append('\n');
    }
    System.out.print(out);
  }
}
