package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The score point read answered without Calcite agrees with the Calcite path. */
class ScoreFastPathTest {

  @Test
  void preparedScoreRead_matchesCalcitePath() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:scorefast");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY)");
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES "
              + "('view', 'a', 2.0, TIMESTAMP '2026-11-01 12:00:00'), "
              + "('view', 'a', 1.0, TIMESTAMP '2026-11-01 12:30:00')");
      LocalDateTime at = LocalDateTime.parse("2026-11-01T13:00:00");
      String[] fns = {
        "DECAY_SCORE(?, 'view', INTERVAL '1' HOUR, ?)",
        "WINDOWED_COUNT(?, 'view', INTERVAL '1' DAY, ?)",
        "VELOCITY(?, 'view', INTERVAL '60' MINUTE, ?)"
      };
      for (String fn : fns) {
        try (PreparedStatement fast = c.prepareStatement("SELECT " + fn + " AS v");
            PreparedStatement slow =
                c.prepareStatement("SELECT " + fn + " AS v FROM (VALUES (1))")) {
          for (String id : new String[] {"a", "nobody"}) {
            fast.setString(1, id);
            fast.setTimestamp(2, Timestamp.valueOf(at));
            slow.setString(1, id);
            slow.setTimestamp(2, Timestamp.valueOf(at));
            try (ResultSet f = fast.executeQuery();
                ResultSet g = slow.executeQuery()) {
              assertThat(f.next()).isTrue();
              assertThat(g.next()).isTrue();
              assertThat(f.getMetaData().getColumnLabel(1)).isEqualTo("V");
              assertThat(f.getDouble("V")).as(fn + " " + id).isEqualTo(g.getDouble(1));
              assertThat(f.next()).isFalse();
            }
          }
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT DECAY_SCORE('a', 'view', INTERVAL '1' HOUR, "
                  + "TIMESTAMP '2026-11-01 13:00:00')")) {
        rs.next();
        assertThat(rs.getDouble(1))
            .isCloseTo(2 * 0.5 + Math.pow(2, -0.5), org.assertj.core.data.Offset.offset(1e-9));
      }
      assertThatThrownBy(
              () -> c.prepareStatement("SELECT DECAY_SCORE(?, 'nosuch', INTERVAL '1' HOUR)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("nosuch");
      assertThatThrownBy(() -> c.prepareStatement("SELECT VELOCITY(?, 'view', INTERVAL '7' DAY)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("7d");
    }
  }
}
