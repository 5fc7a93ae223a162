package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bare {@code ?} as the {@code at} argument of DECAY_SCORE / WINDOWED_COUNT / VELOCITY, in every
 * position (select item, inside an expression, WHERE, ORDER BY ... LIMIT, UPDATE SET), bound with
 * every temporal setter; values checked against the formulas computed in Java over the signals the
 * test recorded; the ranked query still plans to the top-K scan.
 */
class AtParameterTest {
  private static final LocalDateTime T0 = LocalDateTime.parse("2026-11-01T10:00:00");
  private static final long HOUR = 3_600_000L;

  /** Signals: entity -> {minutes after T0, weight}. */
  private static final Map<String, double[][]> SIGNALS = new LinkedHashMap<>();

  static {
    SIGNALS.put("a", new double[][] {{0, 1}, {30, 2}, {90, 1}});
    SIGNALS.put("b", new double[][] {{10, 5}});
    SIGNALS.put("c", new double[][] {{100, 1}, {110, 1}, {115, 1}, {119, 1}});
    SIGNALS.put("d", new double[][] {});
  }

  private Connection c;

  @BeforeEach
  void setUp() throws SQLException {
    c = DriverManager.getConnection("jdbc:tidal:mem:atparam");
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, hot DOUBLE)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' HOUR)");
    }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO items (id) VALUES (?)");
        PreparedStatement sig =
            c.prepareStatement(
                "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)")) {
      for (Map.Entry<String, double[][]> e : SIGNALS.entrySet()) {
        ins.setString(1, e.getKey());
        ins.executeUpdate();
        for (double[] s : e.getValue()) {
          sig.setString(1, e.getKey());
          sig.setDouble(2, s[1]);
          sig.setObject(3, T0.plusMinutes((long) s[0]));
          sig.executeUpdate();
        }
      }
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SIGNAL TYPE view");
      s.execute("DROP TABLE items");
    }
    c.close();
  }

  @Test
  void everyTemporalSetter_bindsTheSameInstant() throws SQLException {
    LocalDateTime at = T0.plusMinutes(120).plusNanos(500_000_000); // 12:00:00.5 UTC
    long ms = at.toInstant(ZoneOffset.UTC).toEpochMilli();
    Map<String, Binder> binders = new LinkedHashMap<>();
    binders.put("setTimestamp", ps -> ps.setTimestamp(1, Timestamp.valueOf(at)));
    binders.put("setObject(Timestamp)", ps -> ps.setObject(1, Timestamp.valueOf(at)));
    binders.put("setObject(LocalDateTime)", ps -> ps.setObject(1, at));
    binders.put("setObject(Instant)", ps -> ps.setObject(1, at.toInstant(ZoneOffset.UTC)));
    binders.put(
        "setObject(OffsetDateTime)",
        ps ->
            ps.setObject(
                1,
                OffsetDateTime.of(at, ZoneOffset.UTC)
                    .withOffsetSameInstant(ZoneOffset.ofHours(2))));
    binders.put("setObject(LocalDateTime, TIMESTAMP)", ps -> ps.setObject(1, at, Types.TIMESTAMP));
    binders.put("setLong(epoch ms)", ps -> ps.setLong(1, ms));
    String sql =
        "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) * 1 FROM items " + "ORDER BY id";
    for (Map.Entry<String, Binder> b : binders.entrySet()) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        assertThat(ps.getParameterMetaData().getParameterType(1)).isEqualTo(Types.TIMESTAMP);
        b.getValue().bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            assertThat(rs.getDouble(2))
                .as(b.getKey() + " " + rs.getString(1))
                .isCloseTo(decay(rs.getString(1), ms), offset(1e-9));
          }
        }
      }
    }
  }

  @Test
  void bareParameter_inExpressionsWhereAndOrderBy_matchesFormulas() throws SQLException {
    long ms = T0.plusMinutes(120).toInstant(ZoneOffset.UTC).toEpochMilli();
    assertThat(
            column(
                "SELECT id, WINDOWED_COUNT(id, 'view', INTERVAL '1' HOUR, ?) + 0 FROM items "
                    + "ORDER BY id",
                ms))
        .containsExactly("a=1.0", "b=0.0", "c=4.0", "d=0.0");
    assertThat(
            column(
                "SELECT id, VELOCITY(id, 'view', INTERVAL '1' HOUR, ?) * 3600 FROM items "
                    + "ORDER BY id",
                ms))
        .containsExactly("a=1.0", "b=0.0", "c=4.0", "d=0.0");
    assertThat(
            column(
                "SELECT id, 0 FROM items WHERE DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) "
                    + "> 1.5 ORDER BY id",
                ms))
        .containsExactlyElementsOf(
            SIGNALS.keySet().stream()
                .filter(id -> decay(id, ms) > 1.5)
                .map(id -> id + "=0.0")
                .toList());
  }

  @Test
  void rankedQuery_withParameterAt_usesTopKScan_andRanksByFormula() throws SQLException {
    String ranked =
        "SELECT id FROM items ORDER BY DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) "
            + "DESC LIMIT 3";
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN PLAN FOR " + ranked)) {
      ps.setObject(1, Instant.EPOCH);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getString(1)).contains("TopKScan").contains("at=[?0]").contains("k=[3]");
      }
    }
    for (int minutes : new int[] {20, 120, 600}) {
      long ms = T0.plusMinutes(minutes).toInstant(ZoneOffset.UTC).toEpochMilli();
      List<String> expected = new ArrayList<>(SIGNALS.keySet());
      expected.sort(
          Comparator.comparing((Function<String, Double>) id -> -decay(id, ms))
              .thenComparing(id -> id));
      List<String> got = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(ranked)) {
        ps.setObject(1, Instant.ofEpochMilli(ms));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.add(rs.getString(1));
          }
        }
      }
      assertThat(got).as("at +%d min", minutes).isEqualTo(expected.subList(0, 3));
    }
  }

  @Test
  void updateSet_withParameterAt_storesTheScore() throws SQLException {
    long ms = T0.plusMinutes(60).toInstant(ZoneOffset.UTC).toEpochMilli();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE items SET hot = DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) WHERE id <> 'd'")) {
      ps.setTimestamp(1, Timestamp.valueOf(T0.plusMinutes(60)));
      assertThat(ps.executeUpdate()).isEqualTo(3);
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, hot FROM items WHERE id <> 'd' ORDER BY id")) {
      while (rs.next()) {
        assertThat(rs.getDouble(2)).isCloseTo(decay(rs.getString(1), ms), offset(1e-9));
      }
    }
  }

  // ---- oracle and helpers ----

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** sum w * 2^(-(at - t)/1h) over the entity's signals. */
  /** Decay as of {@code atMs}: only signals with {@code ts <= at} (contract changed 2026-12-07). */
  private static double decay(String id, long atMs) {
    double sum = 0;
    for (double[] s : SIGNALS.get(id)) {
      long t = T0.plusMinutes((long) s[0]).toInstant(ZoneOffset.UTC).toEpochMilli();
      if (t <= atMs) {
        sum += s[1] * Math.pow(2, -(double) (atMs - t) / HOUR);
      }
    }
    return sum;
  }

  /** "id=value" per row of a two-column query whose one parameter is {@code at} (epoch ms). */
  private List<String> column(String sql, long atMs) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, Instant.ofEpochMilli(atMs));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + "=" + rs.getDouble(2));
        }
      }
    }
    return out;
  }
}
