package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Regression tests for bugs the SQL fuzz (tests-sql SqlFuzzTest) found; docs/CONFORMANCE.md. */
class FuzzFindingsTest {

  /** Fuzz finding 1: a Long bound to an INTEGER column wrapped around silently. */
  @Test
  void insert_integerOutOfRange_isRefusedNotWrapped() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER, b BIGINT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
        ps.setString(1, "a");
        ps.setLong(3, 1);
        assertThatThrownBy(() -> ps.setObject(2, 2_147_483_648L))
            .isInstanceOf(SQLDataException.class)
            .hasMessageContaining("2147483648")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
        assertThatThrownBy(() -> ps.setLong(2, -2_147_483_649L))
            .isInstanceOf(SQLDataException.class);
        ps.setLong(2, 2_147_483_647L);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      assertThatThrownBy(
              () -> s.executeUpdate("INSERT INTO t VALUES ('b', 9223372036854775807, 1)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("22"));
      try (PreparedStatement ps = c.prepareStatement("UPDATE t SET n = ? WHERE id = ?")) {
        assertThatThrownBy(() -> ps.setObject(1, 4_294_967_296L))
            .isInstanceOf(SQLDataException.class);
      }
      try (ResultSet rs = s.executeQuery("SELECT id, n FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("a");
        assertThat(rs.getLong(2)).isEqualTo(2_147_483_647L);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  /** Fuzz finding 2: a plain INSERT with TIMESTAMP '2026-02-30 ...' stored February 28. */
  @Test
  void insert_impossibleDate_isRefusedNotClamped() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz3");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, ts TIMESTAMP, d DATE)");
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO t VALUES ('a', TIMESTAMP '2026-02-30 10:00:00', NULL)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("2026-02-30");
      assertThatThrownBy(
              () -> s.executeUpdate("INSERT INTO t VALUES ('b', NULL, DATE '2026-02-30')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("2026-02-30");
      assertThat(
              s.executeUpdate(
                  "INSERT INTO t VALUES ('c', TIMESTAMP '2024-02-29 10:00:00',"
                      + " DATE '2024-02-29')"))
          .isEqualTo(1);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }

  /** Fuzz finding 3: Calcite runtime errors and '?' in a plain Statement came out as XX000. */
  @Test
  void calciteRuntimeErrors_andParametersInPlainStatement_haveAFittingState() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz4");
        Statement s = c.createStatement()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> first(s, "SELECT SUBSTRING('abc' FROM 7 FOR -2147483649)"))
            .isInstanceOf(SQLDataException.class)
            .hasMessageContaining("Substring");
        assertThatThrownBy(() -> first(s, "SELECT CAST('x\\' AS INTEGER)"))
            .isInstanceOf(SQLDataException.class);
        assertThatThrownBy(() -> s.executeQuery("SELECT CAST(? AS INTEGER)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("PreparedStatement")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
      }
    }
  }

  /** Fuzz finding 4: a score function with an {@code at} before 1970 failed to compile (XX000). */
  @Test
  void scoreFunction_atBefore1970_compilesAndScores() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz5");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE hit ON t HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)");
      s.executeUpdate("INSERT INTO t VALUES ('a')");
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, ts) VALUES ('hit', 'a',"
              + " TIMESTAMP '1969-12-31 23:00:00')");
      for (String f : new String[] {"DECAY_SCORE", "VELOCITY", "WINDOWED_COUNT"}) {
        Object v =
            first(
                s,
                "SELECT "
                    + f
                    + "(id, 'hit', INTERVAL '1' HOUR,"
                    + " TIMESTAMP '1969-12-31 23:59:59.999') FROM t");
        assertThat(((Number) v).doubleValue()).as(f).isPositive();
      }
    }
  }

  /** Fuzz finding 5: writes to a sys view and LIMIT/OFFSET beyond int came out as XX000. */
  @Test
  void sysViewWrite_andHugeOffset_haveAFittingState() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz6");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO sys.tables VALUES ('x', 'y', 'z', 1)"))
          .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
      assertThatThrownBy(() -> first(s, "SELECT id FROM t OFFSET 99999999999"))
          .isInstanceOf(SQLDataException.class)
          .hasMessageContaining("OFFSET")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
      assertThatThrownBy(() -> first(s, "SELECT LN('')")).isInstanceOf(SQLDataException.class);
      assertThatThrownBy(() -> first(s, "SELECT ABS(NULL)"))
          .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
    }
  }

  /** {@code sql} fails with 42804 (a syntax-or-access exception) naming {@code naming}. */
  private static void assertMismatch(Statement s, String sql, String naming) {
    assertThatThrownBy(() -> first(s, sql))
        .as(sql)
        .isInstanceOf(SQLSyntaxErrorException.class)
        .hasMessageContaining("type mismatch")
        .hasMessageContaining(naming)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42804"));
  }

  private static Object first(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }

  /** The plan cache of a plain Statement: repeats are served, failures stay failures, DDL resets. */
  @Test
  void plainStatement_repeatedText_usesCachedPlanAndCachedFailure() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz2");
        Statement s = c.createStatement()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> s.executeQuery("SELECT n FROM t"))
            .isInstanceOf(SQLSyntaxErrorException.class)
            .hasMessageContaining("'T' not found");
      }
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER)");
      try (ResultSet rs = s.executeQuery("SELECT n FROM t")) {
        assertThat(rs.next()).as("the cached failure is forgotten after DDL").isFalse();
      }
      s.executeUpdate("INSERT INTO t VALUES ('a', 1)");
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = s.executeQuery("SELECT n FROM t")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(1 + i);
          assertThat(rs.getStatement()).isSameAs(s);
        }
        s.executeUpdate("UPDATE t SET n = n + 1");
      }
    }
  }

  /** Fuzz finding 7: a scalar subquery returning several rows came out as XX000. */
  @Test
  void scalarSubquery_severalRows_isCardinalityViolation21000() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz7");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute("CREATE TABLE users (id VARCHAR PRIMARY KEY, name VARCHAR)");
      s.executeUpdate("INSERT INTO items VALUES ('a', 'x'), ('b', 'y')");
      s.executeUpdate("INSERT INTO users VALUES ('u', 'n')");
      assertThatThrownBy(() -> first(s, "SELECT name, (SELECT(title) FROM items) FROM users"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("more than one row")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("21000"));
      s.executeUpdate("DELETE FROM items WHERE id = 'b'");
      assertThat(first(s, "SELECT (SELECT title FROM items) FROM users")).isEqualTo("x");
    }
  }

  /**
   * Two XX000s the fuzz counted as {@code calcite-internal-other}: {@code EXISTS EXISTS (...)}
   * (Calcite's parser takes the inner EXISTS as the operand, its converter asserts "not a query")
   * and an exact literal beyond DECIMAL's scale in arithmetic (Calcite's type system asserts,
   * where the literal alone is refused by the validator). Now a syntax error and 22003.
   */
  @Test
  void existsOfAPredicate_andHugeDecimalArithmetic_haveAFittingState() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz9");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER)");
      s.executeUpdate("INSERT INTO t VALUES (1, 2)");
      for (String q :
          new String[] {
            "SELECT a FROM t WHERE EXISTS EXISTS (SELECT 1 FROM t)",
            "SELECT a FROM t WHERE NOT EXISTS EXISTS (SELECT 1 FROM t)"
          }) {
        assertThatThrownBy(() -> first(s, q))
            .as(q)
            .isInstanceOf(SQLSyntaxErrorException.class)
            .hasMessageContaining("a sub-query is expected")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
      }
      assertThatThrownBy(
              () -> first(s, "SELECT 3.14159265358979323846264338327950288419716939937510 - 0.5"))
          .isInstanceOf(SQLDataException.class)
          .hasMessageContaining("out of range")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
      assertThat(((Number) first(s, "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM t)")).intValue())
          .isEqualTo(1);
      assertThat(((Number) first(s, "SELECT 3.14E0 - 0.5")).doubleValue()).isEqualTo(2.64);
    }
  }

  /**
   * Fuzz finding 8 (known issue {@code calcite-interval-coercion-assertion} until issue 16): when
   * any argument of a score function needed an implicit cast (a number as the entity id, a DATE as
   * {@code at}), Calcite also cast an interval of another unit (or text such as {@code '1 hour'})
   * to the duration parameter's INTERVAL DAY TO SECOND with a type name its own type factory
   * refuses: XX000 "use createSqlIntervalType() instead", on a fresh connection, plain or
   * prepared. Now a day-time interval of any unit is passed as it is (and scores like the same
   * call that needs no cast); text, numbers and year-month intervals are refused naming the
   * argument.
   */
  @Test
  void scoreFunction_durationNeedingCoercion_scoresOrIsRefusedNamingIt() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz8");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (uid BIGINT PRIMARY KEY, name VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE vote ON users HALF_LIFE (INTERVAL '30' MINUTE)"
              + " WINDOW (INTERVAL '10' MINUTE, INTERVAL '2' DAY)");
      s.executeUpdate("INSERT INTO users VALUES (42, 'a')");
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('vote', '42', 2.0,"
              + " TIMESTAMP '2026-11-01 10:00:00')");
      String at = "TIMESTAMP '2026-11-01 10:30:00'";
      // the same calls with arguments that need no implicit cast: the oracle
      double decay =
          ((Number) first(s, "SELECT DECAY_SCORE('42', 'vote', INTERVAL '30' MINUTE, " + at + ")"))
              .doubleValue();
      assertThat(decay).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(
              ((Number)
                      first(s, "SELECT DECAY_SCORE(42, 'vote', INTERVAL '30' MINUTE, " + at + ")"))
                  .doubleValue())
          .isEqualTo(decay);
      assertThat(
              ((Number)
                      first(
                          s,
                          "SELECT DECAY_SCORE(uid, 'vote', INTERVAL '1800' SECOND, "
                              + at
                              + ") FROM users"))
                  .doubleValue())
          .isEqualTo(decay);
      assertThat(
              ((Number)
                      first(
                          s,
                          "SELECT WINDOWED_COUNT(42, 'vote', INTERVAL '2' DAY,"
                              + " DATE '2026-11-02')"))
                  .longValue())
          .isEqualTo(1);
      String velocity =
          "SELECT VELOCITY(entity_id, 'vote', INTERVAL '600' SECOND, %s) FROM signals"
              + " WHERE signal_type = 'vote'";
      assertThat(first(s, String.format(java.util.Locale.ROOT, velocity, "DATE '2026-11-01'")))
          .isEqualTo(
              first(
                  s,
                  String.format(
                      java.util.Locale.ROOT, velocity, "TIMESTAMP '2026-11-01 00:00:00'")));
      try (PreparedStatement ps =
          c.prepareStatement("SELECT DECAY_SCORE(?, 'vote', INTERVAL '30' MINUTE, " + at + ")")) {
        ps.setLong(1, 42);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getDouble(1)).isEqualTo(decay);
        }
      }
      for (String[] bad :
          new String[][] {
            {
              "SELECT DECAY_SCORE(entity_id => 'i1', signal_type => 'vote', half_life => '1 hour')",
              "HALF_LIFE => '1 hour' is CHAR(6)"
            },
            {"SELECT DECAY_SCORE('42', 'vote', '1 hour')", "'1 hour'"},
            {
              "SELECT uid FROM users WHERE VELOCITY(uid, 'vote', '30 minutes') > 0",
              "VELOCITY: argument '30 minutes'"
            },
          }) {
        assertThatThrownBy(() -> first(s, bad[0]))
            .as(bad[0])
            .isInstanceOf(SQLSyntaxErrorException.class)
            .hasMessageContaining(bad[1])
            .hasMessageContaining("not a day-time INTERVAL")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42804"));
        assertThatThrownBy(() -> c.prepareStatement(bad[0]))
            .as(bad[0])
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42804"));
      }
      // no implicit cast from a number or a year-month interval: no such signature
      for (String bad :
          new String[] {
            "SELECT DECAY_SCORE(42, 'vote', INTERVAL '1' MONTH)",
            "SELECT uid FROM users WHERE DECAY_SCORE(uid, 'vote', 30) > 0"
          }) {
        assertThatThrownBy(() -> first(s, bad))
            .as(bad)
            .hasMessageContaining("DECAY_SCORE(<NUMERIC>, <CHARACTER>, <")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42883"));
      }
    }
  }

  /**
   * Fuzz finding 9 (counted under the same known issue's pattern until issue 16): Calcite's
   * implicit coercion chose a cast it does not allow and asserted ({@code price = FALSE} on a
   * DECIMAL, {@code score IN (' ', DATE '2026-11-09')} on a DOUBLE): XX000. Now 42804 naming the
   * operand; coercions that are allowed still run (compared with the same query written with
   * values of the column's type).
   */
  @Test
  void impossibleImplicitCast_isDatatypeMismatchNamingTheOperand() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz9");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, price DECIMAL, score DOUBLE)");
      s.executeUpdate("INSERT INTO items VALUES ('a', 1.5, 1.0), ('b', 0, 2.0), ('c', NULL, 0)");
      for (String[] bad :
          new String[][] {
            {"SELECT COUNT(*) FROM items WHERE price = FALSE", "FALSE is BOOLEAN"},
            {"SELECT id FROM items WHERE score IN (' ', DATE '2026-11-09')", "DATE '2026-11-09'"},
            {"SELECT id FROM items WHERE score IN ('1', DATE '2026-11-09')", "is DATE"},
          }) {
        for (int round = 0; round < 2; round++) { // the second time from the plan cache
          assertMismatch(s, bad[0], bad[1]);
        }
        assertThatThrownBy(() -> c.prepareStatement(bad[0]))
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42804"));
      }
      assertThat(first(s, "SELECT id FROM items WHERE score IN ('1', '2') ORDER BY id"))
          .isEqualTo(first(s, "SELECT id FROM items WHERE score IN (1.0, 2.0) ORDER BY id"))
          .isEqualTo("a");
      assertThat(first(s, "SELECT COUNT(*) FROM items WHERE price = '1.5'")).isEqualTo(1L);
    }
  }

  /**
   * The fuzz's known issue {@code calcite-coercion-codegen} (XX000 until issue 16): Calcite's
   * implicit coercion accepted operands it then generated Java for that does not compile. {@code
   * score BETWEEN 'sport' AND CURRENT_TIMESTAMP} (no common type: the operands were left as they
   * were, "Cannot compare types double and String") and {@code flag IN ('', .5)} (a DECIMAL cast
   * to BOOLEAN, "while resolving method 'booleanValue'"). Now 42804 naming the operands; the
   * coercions that work (text or numbers against a number, text against BOOLEAN) still answer.
   */
  @Test
  void coercionWithoutCode_isADatatypeMismatch_andWorkingCoercionsStillAnswer() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz10");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, score DOUBLE, flag BOOLEAN)");
      s.executeUpdate("INSERT INTO t VALUES (1, 1.5, TRUE)");
      for (String[] q :
          new String[][] {
            {
              "SELECT id FROM t WHERE score BETWEEN 'sport' AND CURRENT_TIMESTAMP",
              "CURRENT_TIMESTAMP"
            },
            {"SELECT id FROM t WHERE score NOT BETWEEN 1 AND DATE '2020-01-01'", "DATE"},
            {"SELECT id FROM t WHERE flag BETWEEN 0 AND 'x'", "BETWEEN"},
            {"SELECT id FROM t WHERE flag IN ('', .5)", "0.5"},
            {"SELECT id FROM t WHERE flag IN ('', .5, NULL)", "BOOLEAN"}
          }) {
        assertMismatch(s, q[0], q[1]);
      }
      for (String[] q :
          new String[][] {
            {"SELECT COUNT(*) FROM t WHERE score BETWEEN '1' AND 5", "1"},
            {"SELECT COUNT(*) FROM t WHERE score BETWEEN NULL AND 5", "0"},
            {"SELECT COUNT(*) FROM t WHERE flag IN ('true', 'false')", "1"},
            {"SELECT COUNT(*) FROM t WHERE flag IN (TRUE, NULL)", "1"}
          }) {
        assertThat(first(s, q[0])).as(q[0]).hasToString(q[1]);
      }
    }
  }

  /**
   * A number cast to BOOLEAN is TRUE when it is not zero, for literals (Calcite folded {@code CAST(1
   * AS BOOLEAN)} to FALSE) and for every numeric column type (a DOUBLE column failed with XX000);
   * the oracle is the value compared with zero in Java.
   */
  @Test
  void numberCastToBoolean_isTrueWhenNotZero() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz11");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, b BIGINT, d DOUBLE, n DECIMAL(5,2))");
      double[] values = {0, 1, -3, 0.25, 7};
      for (int k = 0; k < values.length; k++) {
        double v = values[k];
        s.executeUpdate(
            String.format(
                java.util.Locale.ROOT,
                "INSERT INTO t VALUES (%d, %d, %d, %s, %s)",
                k,
                (long) v,
                (long) v,
                v,
                v));
        for (String col : new String[] {"i", "b"}) {
          assertThat(first(s, "SELECT CAST(" + col + " AS BOOLEAN) FROM t WHERE id = " + k))
              .as("%s = %d", col, (long) v)
              .hasToString(String.valueOf((long) v != 0));
        }
        for (String col : new String[] {"d", "n"}) {
          assertThat(first(s, "SELECT CAST(" + col + " AS BOOLEAN) FROM t WHERE id = " + k))
              .as("%s = %s", col, v)
              .hasToString(String.valueOf(v != 0));
        }
      }
      s.executeUpdate("INSERT INTO t VALUES (9, NULL, NULL, NULL, NULL)");
      assertThat(first(s, "SELECT CAST(d AS BOOLEAN) FROM t WHERE id = 9")).isNull();
      for (String lit : new String[] {"1", "0", "-2", "2.5", "0.0", "1e0", "0e0"}) {
        assertThat(first(s, "SELECT CAST(" + lit + " AS BOOLEAN)"))
            .as(lit)
            .hasToString(String.valueOf(Double.parseDouble(lit) != 0));
      }
      assertThat(first(s, "SELECT COUNT(*) FROM t WHERE CAST(n AS BOOLEAN)")).hasToString("4");
      assertThat(first(s, "SELECT CAST('true' AS BOOLEAN)")).hasToString("true");
    }
  }

  /**
   * Arithmetic whose operand only becomes NULL when simplified (a CASE whose matching branches are
   * all NULL, a NULLIF of NULL) is NULL, not XX000 "not a literal" (six records of the corpus's
   * random/expr file).
   */
  @Test
  void arithmeticOnAnOperandThatSimplifiesToNull_isNull() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz12");
        Statement s = c.createStatement()) {
      for (String q :
          new String[] {
            "SELECT 89 / CASE 2 WHEN 3 THEN 1 END",
            "SELECT NULLIF(CAST(NULL AS INTEGER), 5) / 4 * 38",
            "SELECT COUNT(*) * -94 / CASE -63 WHEN -12 THEN MAX(-70) WHEN 75 THEN NULL ELSE NULL END",
            "SELECT -51 / - COUNT(*) / CASE 27 WHEN 90 THEN 60 ELSE NULL END * 73"
          }) {
        assertThat(first(s, q)).as(q).isNull();
      }
      assertThat(first(s, "SELECT 89 / CASE 2 WHEN 2 THEN 2 END")).hasToString("44");
    }
  }
}
