package io.tidal.tests.conformance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * An application's smallest use of tidal, run by {@link DriverJarIT} in a child JVM with only the
 * shaded driver jar beside it: a table, a signal type, a signal and a ranked query, in memory.
 */
public final class PlainProgram {
  private PlainProgram() {}

  public static void main(String[] args) throws Exception {
    try (Connection conn = DriverManager.getConnection("jdbc:tidal:mem:plain-program");
        Statement st = conn.createStatement()) {
      st.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      st.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR)"
              + " WINDOW (INTERVAL '1' HOUR)");
      st.execute("INSERT INTO items VALUES ('a', 'first'), ('b', 'second')");
      try (PreparedStatement ps =
          conn.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', 'b', 2.0, ?)")) {
        ps.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
        ps.executeUpdate();
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) AS hot"
                  + " FROM items ORDER BY hot DESC LIMIT 1")) {
        rs.next();
        System.out.println("top=" + rs.getString(1));
      }
    }
  }
}
