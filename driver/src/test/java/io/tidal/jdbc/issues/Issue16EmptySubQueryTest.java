package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, Calcite 1.41 wrong result: {@code SELECT pk FROM t WHERE a > 15 OR b IN (SELECT a FROM
 * t WHERE 1 = 0)} returned no rows (SQLite's index/between corpus). Cause: Calcite's semi-join rule
 * applied to an aggregate without group keys ({@code io.tidal.calcite.GroupedSemiJoinRule}).
 *
 * <p>Oracles: a brute-force evaluation in Java with SQL's three-valued logic over the rows the test
 * inserted, and, for a sub-query that is empty, the same query without it ({@code x OR b IN
 * (empty)} is {@code x}). Random rows (with NULLs), random predicates inside and outside the
 * sub-query, some of them contradictions; seed printed.
 */
class Issue16EmptySubQueryTest {
  private static final String[] COLS = {"a", "b"};

  /** A row of t: pk, a, b (a and b may be null). */
  private record Row(int pk, Integer a, Integer b) {
    Integer get(String col) {
      return col.equals("a") ? a : b;
    }
  }

  /** A predicate's SQL and its value for a row (null = unknown). */
  private record Pred(String sql, Function<Row, Boolean> eval, boolean contradiction) {}

  private static Boolean and(Boolean x, Boolean y) {
    if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) {
      return false;
    }
    return x == null || y == null ? null : true;
  }

  private static Boolean or(Boolean x, Boolean y) {
    if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) {
      return true;
    }
    return x == null || y == null ? null : false;
  }

  private static Boolean not(Boolean x) {
    return x == null ? null : !x;
  }

  private static Pred atom(Random r) {
    String col = COLS[r.nextInt(2)];
    int k = r.nextInt(60);
    return switch (r.nextInt(5)) {
      case 0 -> new Pred(col + " > " + k, w -> w.get(col) == null ? null : w.get(col) > k, false);
      case 1 -> new Pred(col + " < " + k, w -> w.get(col) == null ? null : w.get(col) < k, false);
      case 2 -> new Pred(col + " = " + k, w -> w.get(col) == null ? null : w.get(col) == k, false);
      case 3 -> new Pred(col + " IS NULL", w -> w.get(col) == null, false);
      default -> new Pred(col + " IS NOT NULL", w -> w.get(col) != null, false);
    };
  }

  private static Pred contradiction(Random r) {
    String col = COLS[r.nextInt(2)];
    int k = r.nextInt(60);
    return switch (r.nextInt(4)) {
      case 0 -> new Pred("1 = 0", w -> false, true);
      case 1 -> new Pred(col + " IS NULL AND " + col + " > " + k, w -> false, true);
      case 2 -> new Pred(col + " > " + (k + 5) + " AND " + col + " < " + k, w -> false, true);
      default -> new Pred("FALSE", w -> false, true);
    };
  }

  private static Pred predicate(Random r, boolean allowContradiction) {
    if (allowContradiction && r.nextInt(2) == 0) {
      return contradiction(r);
    }
    Pred x = atom(r);
    if (r.nextInt(3) > 0) {
      return x;
    }
    Pred y = atom(r);
    return r.nextBoolean()
        ? new Pred(
            "(" + x.sql() + " AND " + y.sql() + ")",
            w -> and(x.eval().apply(w), y.eval().apply(w)),
            false)
        : new Pred(
            "(" + x.sql() + " OR " + y.sql() + ")",
            w -> or(x.eval().apply(w), y.eval().apply(w)),
            false);
  }

  /** {@code v IN (values)} in SQL's three-valued logic. */
  private static Boolean in(Integer v, List<Integer> values) {
    if (values.isEmpty()) {
      return false;
    }
    if (v == null) {
      return null;
    }
    if (values.contains(v)) {
      return true;
    }
    return values.contains(null) ? null : false;
  }

  private static TreeSet<Integer> query(Statement s, String sql) throws SQLException {
    TreeSet<Integer> out = new TreeSet<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  @Test
  void subQueryInDisjunction_equalsBruteForce_andTheQueryWithoutAnEmptySubQuery() throws Exception {
    long seed = Seeds.seed("Issue16EmptySubQueryTest");
    Random r = new Random(seed);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16emptysub");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (pk INTEGER PRIMARY KEY, a INTEGER, b INTEGER)");
      List<Row> rows = new ArrayList<>();
      for (int pk = 0; pk < 40; pk++) {
        Integer a = r.nextInt(7) == 0 ? null : r.nextInt(60);
        Integer b = r.nextInt(7) == 0 ? null : r.nextInt(60);
        rows.add(new Row(pk, a, b));
        s.executeUpdate("INSERT INTO t VALUES (" + pk + ", " + a + ", " + b + ")");
      }
      // the repro from docs/CONFORMANCE.md, by hand
      TreeSet<Integer> expected = new TreeSet<>();
      rows.stream().filter(w -> w.a() != null && w.a() > 15).forEach(w -> expected.add(w.pk()));
      assertThat(query(s, "SELECT pk FROM t WHERE a > 15 OR b IN (SELECT a FROM t WHERE 1 = 0)"))
          .isEqualTo(query(s, "SELECT pk FROM t WHERE a > 15"))
          .isEqualTo(expected);
      // a cross join with an aggregate without GROUP BY over nothing: one row, so every row of t
      TreeSet<Integer> all = new TreeSet<>();
      rows.forEach(w -> all.add(w.pk()));
      assertThat(query(s, "SELECT t.pk FROM t, (SELECT COUNT(*) AS n FROM t WHERE 1 = 0) x"))
          .isEqualTo(all);
      assertThat(
              query(
                  s,
                  "SELECT t.pk FROM t, (SELECT MAX(a) AS m FROM t WHERE a > 99) x WHERE m IS NULL"))
          .isEqualTo(all);
      for (int q = 0; q < 60; q++) {
        Pred outer = predicate(r, false);
        Pred inner = predicate(r, true);
        String col = COLS[r.nextInt(2)];
        String sub = COLS[r.nextInt(2)];
        boolean negated = r.nextInt(3) == 0;
        boolean exists = r.nextInt(4) == 0;
        List<Integer> subValues = new ArrayList<>();
        for (Row w : rows) {
          if (Boolean.TRUE.equals(inner.eval().apply(w))) {
            subValues.add(w.get(sub));
          }
        }
        String subSql = "(SELECT " + sub + " FROM t WHERE " + inner.sql() + ")";
        String cond =
            exists
                ? (negated ? "NOT EXISTS " : "EXISTS ") + subSql
                : col + (negated ? " NOT IN " : " IN ") + subSql;
        String sql = "SELECT pk FROM t WHERE " + outer.sql() + " OR " + cond;
        TreeSet<Integer> oracle = new TreeSet<>();
        for (Row w : rows) {
          Boolean sq = exists ? (Boolean) !subValues.isEmpty() : in(w.get(col), subValues);
          if (Boolean.TRUE.equals(or(outer.eval().apply(w), negated ? not(sq) : sq))) {
            oracle.add(w.pk());
          }
        }
        assertThat(query(s, sql)).as("seed " + seed + ": " + sql).isEqualTo(oracle);
        if (inner.contradiction() && !negated) {
          assertThat(query(s, sql))
              .as("seed " + seed + ": " + sql + " against the query without the sub-query")
              .isEqualTo(query(s, "SELECT pk FROM t WHERE " + outer.sql()));
        }
      }
    }
  }
}
