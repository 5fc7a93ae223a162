package io.tidal.jdbc.issues;

import static io.tidal.jdbc.issues.QueryRows.sortedRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16: CREATE [UNIQUE] INDEX / DROP INDEX. Oracle: the same rows in a table without indexes;
 * every query on the indexed table must return what the same query returns on the other, through
 * random writes, a transaction and a reopen (seed printed).
 */
class Issue16IndexTest {
  @TempDir Path dir;

  private static String value(Random r, String col) {
    return switch (col) {
      case "n" -> r.nextInt(10) == 0 ? "NULL" : String.valueOf(r.nextInt(40) - 20);
      case "s" -> r.nextInt(10) == 0 ? "NULL" : "'s" + r.nextInt(30) + "'";
      case "d" -> r.nextInt(10) == 0 ? "NULL" : (r.nextInt(200) - 100) / 4.0 + "";
      default -> r.nextInt(10) == 0 ? "NULL" : (r.nextInt(100) - 50) / 2.0 + "";
    };
  }

  private static String predicate(Random r) {
    String col = List.of("n", "s", "d", "m").get(r.nextInt(4));
    return switch (r.nextInt(6)) {
      case 0 -> col + " = " + value(r, col);
      case 1 -> col + " IN (" + value(r, col) + ", " + value(r, col) + ", " + value(r, col) + ")";
      case 2 -> col + List.of(" < ", " <= ", " > ", " >= ").get(r.nextInt(4)) + value(r, col);
      case 3 -> col + " BETWEEN " + value(r, col) + " AND " + value(r, col);
      case 4 -> value(r, col) + " = " + col + " OR " + col + " = " + value(r, col);
      default -> col + " NOT IN (" + value(r, col) + ", " + value(r, col) + ")";
    };
  }

  private static void both(Statement s, String sqlWithT) throws SQLException {
    String plain = sqlWithT.replace(" t ", " p ");
    SQLException a = null;
    SQLException b = null;
    int x = -1;
    int y = -1;
    try {
      x = s.executeUpdate(sqlWithT);
    } catch (SQLException e) {
      a = e;
    }
    try {
      y = s.executeUpdate(plain);
    } catch (SQLException e) {
      b = e;
    }
    assertThat(x).as(sqlWithT).isEqualTo(y);
    assertThat(a == null ? null : a.getSQLState())
        .as(sqlWithT)
        .isEqualTo(b == null ? null : b.getSQLState());
  }

  @Test
  void indexedQueries_equalTheSameQueriesWithoutIndex() throws Exception {
    long seed = Seeds.seed("Issue16IndexTest");
    Random r = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    String cols = "(id INTEGER PRIMARY KEY, n INTEGER, s VARCHAR, d DOUBLE, m DECIMAL(6, 1))";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t " + cols);
      s.execute("CREATE TABLE p " + cols);
      for (int i = 0; i < 150; i++) {
        both(
            s,
            "INSERT INTO t VALUES ("
                + i
                + ", "
                + value(r, "n")
                + ", "
                + value(r, "s")
                + ", "
                + value(r, "d")
                + ", "
                + value(r, "m")
                + ")");
      }
      s.execute("CREATE INDEX t_n ON t (n)");
      s.execute("CREATE INDEX t_s ON t (s DESC)");
      s.execute("CREATE INDEX t_d ON t (d)");
      s.execute("CREATE INDEX t_mn ON t (m, n)");
      String plan =
          String.join("\n", sortedRows(s, "EXPLAIN PLAN FOR SELECT * FROM t WHERE n = 3"));
      assertThat(plan).as(plan).contains("IndexScan").contains("index=[t_n]");
      plan =
          String.join(
              "\n", sortedRows(s, "EXPLAIN PLAN FOR SELECT * FROM t WHERE s IN ('a', 'b')"));
      assertThat(plan).as(plan).contains("IndexScan").contains("index=[t_s]");
      plan = String.join("\n", sortedRows(s, "EXPLAIN PLAN FOR SELECT * FROM t WHERE m > 2.5"));
      assertThat(plan).as(plan).contains("index=[t_mn]");
      plan = String.join("\n", sortedRows(s, "EXPLAIN PLAN FOR SELECT * FROM p WHERE n = 3"));
      assertThat(plan).as(plan).doesNotContain("IndexScan");
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE n = ?");
          PreparedStatement pp = c.prepareStatement("SELECT id FROM p WHERE n = ?")) {
        for (int v = -21; v <= 21; v += 3) {
          ps.setInt(1, v);
          pp.setInt(1, v);
          List<String> a = new ArrayList<>();
          List<String> b = new ArrayList<>();
          try (ResultSet x = ps.executeQuery();
              ResultSet y = pp.executeQuery()) {
            while (x.next()) {
              a.add(x.getString(1));
            }
            while (y.next()) {
              b.add(y.getString(1));
            }
          }
          a.sort(null);
          b.sort(null);
          assertThat(a).as("n = ? with " + v).isEqualTo(b);
        }
      }
      for (int round = 0; round < 3; round++) {
        for (int q = 0; q < 60; q++) {
          String where = predicate(r);
          assertThat(sortedRows(s, "SELECT * FROM t WHERE " + where))
              .as("seed=" + seed + " WHERE " + where)
              .isEqualTo(sortedRows(s, "SELECT * FROM p WHERE " + where));
        }
        String join =
            "SELECT a.id, b.id FROM t a JOIN t b ON a.n = b.n WHERE a.s = " + value(r, "s");
        assertThat(sortedRows(s, join))
            .as("seed=" + seed + " " + join)
            .isEqualTo(sortedRows(s, join.replace(" t ", " p ")));
        for (int w = 0; w < 40; w++) {
          int id = r.nextInt(180);
          switch (r.nextInt(3)) {
            case 0 ->
                both(
                    s,
                    "INSERT INTO t VALUES ("
                        + id
                        + ", "
                        + value(r, "n")
                        + ", "
                        + value(r, "s")
                        + ", "
                        + value(r, "d")
                        + ", "
                        + value(r, "m")
                        + ")");
            case 1 ->
                both(
                    s,
                    "UPDATE t SET n = "
                        + value(r, "n")
                        + ", s = "
                        + value(r, "s")
                        + " WHERE "
                        + predicate(r));
            default -> both(s, "DELETE FROM t WHERE id = " + id);
          }
        }
        c.setAutoCommit(false); // the transaction sees its own writes through the index
        both(s, "UPDATE t SET n = 7 WHERE id < 20");
        assertThat(sortedRows(s, "SELECT id FROM t WHERE n = 7"))
            .isEqualTo(sortedRows(s, "SELECT id FROM p WHERE n = 7"));
        c.commit();
        c.setAutoCommit(true);
      }
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, "TIDAL", "T", false, true)) {
        List<String> idx = new ArrayList<>();
        while (rs.next()) {
          idx.add(
              rs.getString("INDEX_NAME")
                  + " "
                  + rs.getShort("ORDINAL_POSITION")
                  + " "
                  + rs.getString("COLUMN_NAME")
                  + " "
                  + rs.getBoolean("NON_UNIQUE"));
        }
        assertThat(idx).contains("T_N 1 N true", "T_MN 1 M true", "T_MN 2 N true");
      }
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (int q = 0; q < 40; q++) {
        String where = predicate(r);
        assertThat(sortedRows(s, "SELECT * FROM t WHERE " + where))
            .as("reopened seed=" + seed + " " + where)
            .isEqualTo(sortedRows(s, "SELECT * FROM p WHERE " + where));
      }
      s.execute("DROP INDEX t_n");
      assertThatThrownBy(() -> s.execute("DROP INDEX t_n"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("t_n");
      s.execute("DROP INDEX IF EXISTS t_n");
      assertThat(sortedRows(s, "SELECT id FROM t WHERE n = 3"))
          .isEqualTo(sortedRows(s, "SELECT id FROM p WHERE n = 3"));
    }
  }

  @Test
  void uniqueIndex_enforces23505_andBadInputIsClear() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16idx");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, slug VARCHAR, n INTEGER)");
      s.executeUpdate("INSERT INTO items VALUES ('a', 'x', 1), ('b', 'x', 2), ('c', NULL, 3)");
      assertThatThrownBy(() -> s.execute("CREATE UNIQUE INDEX items_by_slug ON items (slug)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
      assertThatThrownBy(() -> s.execute("DROP INDEX items_by_slug")) // nothing half-created
          .isInstanceOf(SQLException.class);
      s.executeUpdate("UPDATE items SET slug = 'y' WHERE id = 'b'");
      s.execute("CREATE UNIQUE INDEX items_by_slug ON items (slug)");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO items VALUES ('d', 'x', 4)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("items_by_slug")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
      s.executeUpdate("INSERT INTO items VALUES ('d', NULL, 4)");
      s.executeUpdate("UPDATE items SET slug = 'z' WHERE id = 'a'");
      s.executeUpdate("INSERT INTO items VALUES ('e', 'x', 5)");
      assertThat(sortedRows(s, "SELECT id FROM items WHERE slug = 'x'")).containsExactly("e");
      assertThatThrownBy(() -> s.execute("CREATE INDEX bad ON items (nope)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("nope")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
      assertThatThrownBy(() -> s.execute("CREATE INDEX bad ON nothere (n)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("nothere")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
      assertThatThrownBy(() -> s.execute("CREATE INDEX items_by_slug ON items (n)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("42"));
      s.execute("CREATE INDEX IF NOT EXISTS items_by_slug ON items (n)");
      s.execute("DROP TABLE items");
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute("CREATE INDEX items_by_slug ON items (id)"); // went with its table
    }
  }
}
