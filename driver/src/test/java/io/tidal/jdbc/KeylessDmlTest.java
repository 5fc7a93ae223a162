package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UPDATE and DELETE on a table without a primary key (hidden row ids), through DriverManager,
 * against a plain Java model of the table (a bag of rows): random statements, plain and prepared,
 * in autocommit mode and in transactions that commit or roll back, with close and reopen of a
 * directory database as an operation. Each statement's update count and the whole table are
 * compared with the model.
 */
class KeylessDmlTest {
  @TempDir Path dir;

  /** A model row: (k INTEGER, v VARCHAR, x DOUBLE). */
  private record Row(Integer k, String v, Double x) {
    String render() {
      return k + "|" + v + "|" + x;
    }
  }

  /** A WHERE clause as SQL and as a Java predicate (SQL's three-valued logic: NULL never matches). */
  private record Where(String sql, Predicate<Row> test) {}

  /** A SET list as SQL and as a Java function. */
  private record Set(String sql, UnaryOperator<Row> apply) {}

  @Test
  void randomUpdatesAndDeletes_matchBagModel() throws SQLException {
    Random rnd = new Random(Seeds.seed("KeylessDmlTest.randomUpdatesAndDeletes"));
    String url = "jdbc:tidal:" + dir.resolve("db");
    List<Row> model = new ArrayList<>();
    Connection c = DriverManager.getConnection(url);
    try {
      c.createStatement().execute("CREATE TABLE log (k INTEGER, v VARCHAR, x DOUBLE)");
      for (int step = 0; step < 50; step++) {
        int op = rnd.nextInt(12);
        if (op == 0) {
          c.close();
          c = DriverManager.getConnection(url);
        } else if (op < 4) {
          insert(c, model, rnd);
        } else if (op < 10) {
          assertThat(change(c, model, rnd)).as("step %d", step).isTrue();
        } else {
          transaction(c, model, rnd);
        }
        assertThat(table(c)).as("table after step %d", step).isEqualTo(sorted(model));
      }
    } finally {
      c.close();
    }
  }

  @Test
  void everyColumnType_duplicates_updateOneColumnKeepsTheOthers() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:keyless_types");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t (a VARCHAR, b BIGINT, c INTEGER, d DOUBLE, e DECIMAL, "
              + "f BOOLEAN, g TIMESTAMP, h DATE)");
      String row =
          "('s', 9007199254740993, 7, -0.5, 1.50, TRUE, "
              + "TIMESTAMP '2026-11-01 10:00:00.123', DATE '2026-11-01')";
      assertThat(
              s.executeUpdate(
                  "INSERT INTO t VALUES "
                      + row
                      + ", "
                      + row
                      + ", "
                      + "('s', NULL, NULL, NULL, NULL, NULL, NULL, NULL)"))
          .isEqualTo(3);
      assertThat(s.executeUpdate("UPDATE t SET c = c + 1 WHERE e = 1.5")).isEqualTo(2);
      assertThat(s.executeUpdate("UPDATE t SET a = 'n' WHERE b IS NULL")).isEqualTo(1);
      try (ResultSet rs = s.executeQuery("SELECT * FROM t WHERE c = 8")) {
        int n = 0;
        while (rs.next()) {
          n++;
          assertThat(rs.getString(1)).isEqualTo("s");
          assertThat(rs.getLong(2)).isEqualTo(9007199254740993L);
          assertThat(rs.getDouble(4)).isEqualTo(-0.5);
          assertThat(rs.getBigDecimal(5)).isEqualByComparingTo(new BigDecimal("1.5"));
          assertThat(rs.getBoolean(6)).isTrue();
          assertThat(rs.getString(7)).isEqualTo("2026-11-01 10:00:00.123");
          assertThat(rs.getString(8)).isEqualTo("2026-11-01");
        }
        assertThat(n).isEqualTo(2);
      }
      assertThat(s.executeUpdate("DELETE FROM t WHERE g = TIMESTAMP '2026-11-01 10:00:00.123'"))
          .isEqualTo(2);
      assertThat(s.executeUpdate("DELETE FROM t")).isEqualTo(1);
      assertThat(s.executeUpdate("DELETE FROM t")).isZero();
    }
  }

  // ---- operations, each applied to the database and the model ----

  private static void insert(Connection c, List<Row> model, Random rnd) throws SQLException {
    int n = 1 + rnd.nextInt(4);
    StringBuilder sql = new StringBuilder("INSERT INTO log VALUES ");
    for (int i = 0; i < n; i++) {
      Row r =
          new Row(
              rnd.nextInt(8) == 0 ? null : rnd.nextInt(6),
              rnd.nextInt(8) == 0 ? null : "v" + rnd.nextInt(3),
              rnd.nextInt(4) * 0.5);
      model.add(r);
      sql.append(i == 0 ? "" : ", ")
          .append('(')
          .append(r.k())
          .append(", ")
          .append(r.v() == null ? "NULL" : "'" + r.v() + "'")
          .append(", ")
          .append(r.x())
          .append(')');
    }
    try (Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(sql.toString())).isEqualTo(n);
    }
  }

  /** One random UPDATE or DELETE; true when its update count matched the model. */
  private static boolean change(Connection c, List<Row> model, Random rnd) throws SQLException {
    int p = rnd.nextInt(6);
    Where w = where(rnd, p);
    boolean prepared = rnd.nextBoolean();
    long expected = model.stream().filter(w.test()).count();
    long n;
    if (rnd.nextInt(3) == 0) {
      model.removeIf(w.test());
      n = run(c, "DELETE FROM log" + w.sql(), prepared, p);
    } else {
      Set s = set(rnd);
      model.replaceAll(r -> w.test().test(r) ? s.apply().apply(r) : r);
      n = run(c, "UPDATE log SET " + s.sql() + w.sql(), prepared, p);
    }
    return n == expected;
  }

  /** Runs {@code sql}, prepared ({@code ?} bound to {@code p}) or plain ({@code ?} replaced by p). */
  private static long run(Connection c, String sql, boolean prepared, int p) throws SQLException {
    if (!prepared) {
      try (Statement s = c.createStatement()) {
        return s.executeLargeUpdate(sql.replace("?", Integer.toString(p)));
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (sql.contains("?")) {
        ps.setInt(1, p);
      }
      return ps.executeLargeUpdate();
    }
  }

  private static void transaction(Connection c, List<Row> model, Random rnd) throws SQLException {
    List<Row> next = new ArrayList<>(model);
    c.setAutoCommit(false);
    try {
      for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
        if (rnd.nextBoolean()) {
          insert(c, next, rnd);
        } else {
          assertThat(change(c, next, rnd)).isTrue();
        }
      }
      assertThat(table(c)).as("own writes inside the transaction").isEqualTo(sorted(next));
      if (rnd.nextBoolean()) {
        c.commit();
        model.clear();
        model.addAll(next);
      } else {
        c.rollback();
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** A random WHERE; {@code p} is the value of its {@code ?}, if it has one. */
  private static Where where(Random rnd, int p) {
    int a = rnd.nextInt(6);
    return switch (rnd.nextInt(6)) {
      case 0 -> new Where("", r -> true);
      case 1 -> new Where(" WHERE k = " + a, r -> Objects.equals(r.k(), a));
      case 2 ->
          new Where(
              " WHERE k < " + a + " AND v IS NOT NULL",
              r -> r.k() != null && r.k() < a && r.v() != null);
      case 3 ->
          new Where(
              " WHERE v = 'v" + a % 3 + "' OR x > 1",
              r -> ("v" + a % 3).equals(r.v()) || r.x() > 1);
      case 4 -> new Where(" WHERE v IS NULL", r -> r.v() == null);
      default -> new Where(" WHERE k >= ?", r -> r.k() != null && r.k() >= p);
    };
  }

  private static Set set(Random rnd) {
    int a = rnd.nextInt(3);
    return switch (rnd.nextInt(4)) {
      case 0 -> new Set("k = k + 1", r -> new Row(r.k() == null ? null : r.k() + 1, r.v(), r.x()));
      case 1 -> new Set("v = 'v" + a + "'", r -> new Row(r.k(), "v" + a, r.x()));
      case 2 -> new Set("x = x * 2, v = NULL", r -> new Row(r.k(), null, r.x() * 2));
      default -> new Set("k = NULL", r -> new Row(null, r.v(), r.x()));
    };
  }

  // ---- comparison ----

  private static List<String> table(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT k, v, x FROM log")) {
      while (rs.next()) {
        Integer k = rs.getObject(1) == null ? null : rs.getInt(1);
        out.add(new Row(k, rs.getString(2), rs.getDouble(3)).render());
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> sorted(List<Row> model) {
    String[] out = model.stream().map(Row::render).toArray(String[]::new);
    Arrays.sort(out);
    return List.of(out);
  }
}
