package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Many-way joins (sql's {@code JoinOrderProgram}): a chain of small tables written in a random
 * FROM order, as in SQLite's select5.test, plans and runs within the statement timeout and
 * returns what a nested-loop walk of the join tree in Java returns.
 */
class JoinOrderTest {
  private static final int ROWS = 10;

  @Test
  void manyWayJoin_randomFromOrder_matchesTreeWalk() throws Exception {
    Random rnd = new Random(Seeds.seed("JoinOrderTest"));
    int tables = 16;
    int[][] a = new int[tables][ROWS];
    int[][] b = new int[tables][ROWS];
    int[] parent = new int[tables];
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:joinorder1");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(60);
      for (int t = 0; t < tables; t++) {
        s.execute("CREATE TABLE t" + t + " (a" + t + " INTEGER, b" + t + " INTEGER)");
        List<Integer> keys = new ArrayList<>();
        for (int k = 1; k <= ROWS; k++) {
          keys.add(k);
        }
        Collections.shuffle(keys, rnd);
        StringJoiner values = new StringJoiner(", ");
        for (int r = 0; r < ROWS; r++) {
          a[t][r] = keys.get(r); // unique: every b matches one row, a cross product is 10^k rows
          b[t][r] = 1 + rnd.nextInt(ROWS);
          values.add("(" + a[t][r] + ", " + b[t][r] + ")");
        }
        s.execute("INSERT INTO t" + t + " VALUES " + values);
        parent[t] = t == 0 ? -1 : rnd.nextInt(t);
      }
      List<String> from = new ArrayList<>();
      List<String> where = new ArrayList<>();
      for (int t = 0; t < tables; t++) {
        from.add("t" + t);
        if (t > 0) {
          where.add(
              rnd.nextBoolean() ? "a" + t + " = b" + parent[t] : "b" + parent[t] + " = a" + t);
        }
      }
      Collections.shuffle(from, rnd);
      Collections.shuffle(where, rnd);
      StringJoiner cols = new StringJoiner(", ");
      for (int t = 0; t < tables; t++) {
        cols.add("a" + t);
      }
      String sql =
          "SELECT "
              + cols
              + " FROM "
              + String.join(", ", from)
              + " WHERE "
              + String.join(" AND ", where);
      List<String> got = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          StringJoiner row = new StringJoiner(",");
          for (int t = 1; t <= tables; t++) {
            row.add(rs.getString(t));
          }
          got.add(row.toString());
        }
      }
      List<String> want = new ArrayList<>();
      walk(a, b, parent, new int[tables], 0, want);
      Collections.sort(got);
      Collections.sort(want);
      assertThat(want).hasSize(ROWS);
      assertThat(got).isEqualTo(want);
    }
  }

  /** Oracle: assigns a row to each table in order 0..n-1; table t's a must equal its parent's b. */
  private static void walk(int[][] a, int[][] b, int[] parent, int[] row, int t, List<String> out) {
    if (t == a.length) {
      StringJoiner j = new StringJoiner(",");
      for (int i = 0; i < a.length; i++) {
        j.add(Integer.toString(a[i][row[i]]));
      }
      out.add(j.toString());
      return;
    }
    for (int r = 0; r < ROWS; r++) {
      if (t == 0 || a[t][r] == b[parent[t]][row[parent[t]]]) {
        row[t] = r;
        walk(a, b, parent, row, t + 1, out);
      }
    }
  }
}
