package io.tidal.tests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * Child JVM of {@link JdbcKillTest}: connects to a directory database through DriverManager, creates
 * the schema if needed, then inserts signals {@code from, from+1, ...} with autocommit, printing
 * {@code ACK i} after insert {@code i} returned, until the parent kills it with SIGKILL.
 */
public final class JdbcKillChild {
  static final LocalDateTime BASE = LocalDateTime.of(2026, 11, 1, 0, 0);

  private JdbcKillChild() {}

  /** Signal i: entity e(i mod 7), timestamp BASE + i seconds, weight 1. */
  static Timestamp ts(long i) {
    return Timestamp.valueOf(BASE.plusSeconds(i));
  }

  public static void main(String[] args) throws SQLException {
    String url = "jdbc:tidal:" + args[0];
    long from = Long.parseLong(args[1]);
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        if (from == 0) {
          s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
          s.execute(
              "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
                  + "WINDOW (INTERVAL '3650' DAY)");
        }
      }
      System.out.println("OPEN");
      System.out.flush();
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, 1.0, ?)")) {
        for (long i = from; ; i++) {
          ps.setString(1, "e" + (i % 7));
          ps.setTimestamp(2, ts(i));
          ps.executeUpdate();
          System.out.println("ACK " + i);
          System.out.flush();
        }
      }
    }
  }
}
