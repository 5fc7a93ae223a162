package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Issue #16, the JDBC part: what client stacks (jOOQ, Spring, pools) do that failed. */
class Issue16JdbcTest {

  @Test
  void limitAndOffsetParameters_acceptLongShortAndBigDecimal() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16limit");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
      s.executeUpdate("INSERT INTO t VALUES (1), (2), (3), (4), (5)");
      for (Object n : new Object[] {2, 2L, (short) 2, new BigDecimal(2), (byte) 2}) {
        for (String sql :
            new String[] {
              "SELECT id FROM t ORDER BY id LIMIT ? OFFSET ?",
              "SELECT id FROM t ORDER BY id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY"
            }) {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            boolean fetchFirst = sql.contains("FETCH");
            ps.setObject(fetchFirst ? 2 : 1, n);
            ps.setObject(fetchFirst ? 1 : 2, n);
            try (ResultSet rs = ps.executeQuery()) {
              assertThat(rs.next()).as(sql + " " + n.getClass()).isTrue();
              assertThat(rs.getLong(1)).isEqualTo(3);
              assertThat(rs.next()).isTrue();
              assertThat(rs.getLong(1)).isEqualTo(4);
              assertThat(rs.next()).isFalse();
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t ORDER BY id LIMIT ?")) {
        ps.setLong(1, 1L);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.next()).isFalse();
        }
        ps.setBigDecimal(1, BigDecimal.ONE);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.next()).isFalse();
        }
      }
    }
  }

  @Test
  void closingTheConnection_closesItsStatementsAndResultSets() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16close");
    Statement s = c.createStatement();
    PreparedStatement ps = c.prepareStatement("SELECT 1");
    ResultSet rs = ps.executeQuery();
    ResultSet rs2 = s.executeQuery("SELECT 2");
    c.close();
    assertThat(s.isClosed()).isTrue();
    assertThat(ps.isClosed()).isTrue();
    assertThat(rs.isClosed()).isTrue();
    assertThat(rs2.isClosed()).isTrue();
  }

  @Test
  void getObjectWithClass_worksForEveryTypeAndItsUsualJavaClasses() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16get");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t (id BIGINT PRIMARY KEY, i INTEGER, d DOUBLE, m DECIMAL, "
              + "v VARCHAR, b BOOLEAN, ts TIMESTAMP, dt DATE)");
      s.executeUpdate(
          "INSERT INTO t VALUES (7, 42, 2.5, 12.25, 'x', TRUE, "
              + "TIMESTAMP '2026-11-01 10:00:00', DATE '2026-11-01')");
      s.executeUpdate("INSERT INTO t (id) VALUES (8)");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, i, d, m, v, b, ts, dt, TIME '10:11:12' " + "FROM t ORDER BY id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, Long.class)).isEqualTo(7L);
        assertThat(rs.getObject("ID", Long.class)).isEqualTo(7L);
        assertThat(rs.getObject(1, Integer.class)).isEqualTo(7);
        assertThat(rs.getObject(1, Short.class)).isEqualTo((short) 7);
        assertThat(rs.getObject(1, BigDecimal.class)).isEqualByComparingTo("7");
        assertThat(rs.getObject(1, String.class)).isEqualTo("7");
        assertThat(rs.getObject(2, Integer.class)).isEqualTo(42);
        assertThat(rs.getObject(2, Long.class)).isEqualTo(42L);
        assertThat(rs.getObject(3, Double.class)).isEqualTo(2.5);
        assertThat(rs.getObject(3, Float.class)).isEqualTo(2.5f);
        assertThat(rs.getObject(4, BigDecimal.class)).isEqualByComparingTo("12.25");
        assertThat(rs.getObject(4, Double.class)).isEqualTo(12.25);
        assertThat(rs.getObject(5, String.class)).isEqualTo("x");
        assertThat(rs.getObject(6, Boolean.class)).isTrue();
        assertThat(rs.getObject(7, java.time.LocalDateTime.class))
            .isEqualTo(java.time.LocalDateTime.of(2026, 11, 1, 10, 0));
        assertThat(rs.getObject(7, java.time.Instant.class))
            .isEqualTo(java.time.Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(rs.getObject(7, java.time.OffsetDateTime.class).toInstant())
            .isEqualTo(java.time.Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(rs.getObject(8, java.time.LocalDate.class))
            .isEqualTo(java.time.LocalDate.of(2026, 11, 1));
        assertThat(rs.getObject(9, java.time.LocalTime.class))
            .isEqualTo(java.time.LocalTime.of(10, 11, 12));
        assertThat(rs.getObject(2, Object.class)).isEqualTo(42);
        assertThat(rs.next()).isTrue();
        for (Class<?> k :
            new Class<?>[] {
              Integer.class,
              Long.class,
              Short.class,
              Double.class,
              Float.class,
              BigDecimal.class,
              String.class,
              Boolean.class
            }) {
          assertThat(rs.getObject(2, k)).as(k.getName()).isNull();
        }
        assertThat(rs.getObject(7, java.time.LocalDateTime.class)).isNull();
      }
      try (ResultSet rs = s.executeQuery("SELECT x'cafe'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, byte[].class)).containsExactly(0xca, 0xfe);
      }
    }
  }

  @Test
  void closeDelayMinusOne_keepsAMemoryDatabaseAfterItsLastConnection() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16keep;close_delay=-1")) {
      c.createStatement().execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      c.createStatement().executeUpdate("INSERT INTO t VALUES ('x')");
    }
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16keep");
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16gone;close_delay=0")) {
      c.createStatement().execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
    }
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16gone")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> c.createStatement().executeQuery("SELECT * FROM t"))
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("not found");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:tidal:mem:i16bad;close_delay=5"))
        .isInstanceOf(java.sql.SQLException.class)
        .hasMessageContaining("close_delay");
  }

  @Test
  void stringBoundToTimestampOrDate_isParsedAsItsLiteral_orRefusedNamingIt() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16text");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ev (id VARCHAR PRIMARY KEY, at_ts TIMESTAMP, d DATE)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev VALUES (?, ?, ?)")) {
        String[][] rows = {
          {"a", "2026-11-01 12:30:00", "2026-11-01"},
          {"b", "2026-11-02T08:00:00.250", "2026-11-02"},
          {"c", "2026-11-03", "2026-11-03"}
        };
        for (String[] r : rows) {
          ps.setString(1, r[0]);
          ps.setString(2, r[1]);
          ps.setObject(3, r[2]);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, at_ts, d FROM ev WHERE at_ts < ? AND d >= ? ORDER BY id")) {
        ps.setString(1, "2026-11-03 00:00:00");
        ps.setString(2, "2026-11-02");
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("b");
          assertThat(rs.getObject(2, java.time.LocalDateTime.class))
              .isEqualTo(java.time.LocalDateTime.of(2026, 11, 2, 8, 0, 0, 250_000_000));
          assertThat(rs.getObject(3, java.time.LocalDate.class))
              .isEqualTo(java.time.LocalDate.of(2026, 11, 2));
          assertThat(rs.next()).isFalse();
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT COUNT(*) FROM ev WHERE at_ts = TIMESTAMP "
                  + "'2026-11-03 00:00:00' AND d = DATE '2026-11-03'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM ev WHERE at_ts < ?")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ps.setString(1, "yesterday"))
            .isInstanceOf(java.sql.SQLException.class)
            .hasMessageContaining("'yesterday'")
            .hasMessageContaining("parameter 1")
            .satisfies(
                e -> assertThat(((java.sql.SQLException) e).getSQLState()).isEqualTo("22007"));
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM ev WHERE id = ?")) {
        ps.setString(1, "2026-11-01"); // a VARCHAR parameter keeps its text
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isFalse();
        }
      }
    }
  }
}
