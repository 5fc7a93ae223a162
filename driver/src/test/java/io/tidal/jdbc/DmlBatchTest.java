package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches of UPDATE and DELETE ({@code PreparedStatement.addBatch/executeBatch},
 * {@code Statement.addBatch(sql)}) through DriverManager: one update count per statement, a
 * {@link BatchUpdateException} with the counts before the failing statement, the batch atomic in
 * autocommit mode and part of the open transaction otherwise. The table is compared with a TreeMap
 * model (id -> n) after every step.
 */
class DmlBatchTest {
  private static final AtomicInteger DB = new AtomicInteger();

  private Connection c;
  private final TreeMap<String, Integer> model = new TreeMap<>();

  @BeforeEach
  void setUp() throws SQLException {
    c = DriverManager.getConnection("jdbc:tidal:mem:dmlbatch" + DB.incrementAndGet());
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, cat VARCHAR, n INTEGER)");
      s.execute("CREATE TABLE log (cat VARCHAR, n INTEGER)");
      for (int i = 0; i < 6; i++) {
        String id = "i" + i;
        s.executeUpdate("INSERT INTO items VALUES ('" + id + "', 'c" + i % 3 + "', " + i + ")");
        s.executeUpdate("INSERT INTO log VALUES ('c" + i % 3 + "', " + i + ")");
        model.put(id, i);
      }
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    c.close();
  }

  @Test
  void preparedUpdateBatch_countsPerParameterSet() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE items SET n = n + ? WHERE cat = ?")) {
      add(ps, 10, "c0");
      add(ps, 100, "nosuch");
      add(ps, 1000, "c1");
      add(ps, 5, "c0");
      assertThat(ps.executeBatch()).containsExactly(2, 0, 2, 2);
      // the batch is empty again, the last parameters are still bound
      assertThat(ps.executeBatch()).isEmpty();
      assertThat(ps.executeUpdate()).isEqualTo(2);
    }
    model.replaceAll(
        (id, n) ->
            switch (cat(id)) {
              case "c0" -> n + 10 + 5 + 5;
              case "c1" -> n + 1000;
              default -> n;
            });
    assertItems();
  }

  @Test
  void preparedDeleteBatch_keylessTable_largeCounts() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM log WHERE cat = ? AND n < ?")) {
      add(ps, "c0", 100);
      add(ps, "c0", 100);
      add(ps, "c2", 3);
      assertThat(ps.executeLargeBatch()).containsExactly(2L, 0L, 1L);
    }
    assertThat(rows("SELECT cat, n FROM log")).containsExactlyInAnyOrder("c1 1", "c1 4", "c2 5");
  }

  @Test
  void preparedBatch_timestampParameters_convertedLikeSingleExecutes() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ev (id BIGINT PRIMARY KEY, t TIMESTAMP)");
      s.executeUpdate("INSERT INTO ev VALUES (1, NULL), (2, NULL)");
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE ev SET t = ? WHERE id = ?")) {
      ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.parse("2026-11-01T10:00:00")));
      ps.setLong(2, 1);
      ps.addBatch();
      ps.setObject(1, LocalDateTime.parse("2026-11-02T11:30:00"));
      ps.setLong(2, 2);
      ps.addBatch();
      assertThat(ps.executeBatch()).containsExactly(1, 1);
    }
    assertThat(rows("SELECT id, CAST(t AS VARCHAR) FROM ev ORDER BY id"))
        .containsExactly("1 2026-11-01 10:00:00", "2 2026-11-02 11:30:00");
  }

  @Test
  void preparedBatch_failureInAutocommit_appliesNothing_reportsCountsSoFar() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?")) {
      add(ps, "j0", "i0");
      add(ps, "j9", "nosuch");
      add(ps, "i2", "i1"); // i2 exists: duplicate key
      add(ps, "j3", "i3");
      BatchUpdateException e = catchThrowableOfType(ps::executeBatch, BatchUpdateException.class);
      assertThat(e.getSQLState()).isEqualTo("23505");
      assertThat(e.getMessage()).contains("i2");
      assertThat(e.getUpdateCounts()).containsExactly(1, 0);
      assertThat(e.getLargeUpdateCounts()).containsExactly(1L, 0L);
    }
    assertItems();
  }

  @Test
  void preparedInsertBatch_failure_countsSoFar_appliesNothing() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
      add(ps, "k1", "c0", 1);
      add(ps, "k2", "c0", 2);
      add(ps, "i3", "c0", 3); // duplicate key
      BatchUpdateException e = catchThrowableOfType(ps::executeBatch, BatchUpdateException.class);
      assertThat(e.getSQLState()).isEqualTo("23505");
      assertThat(e.getUpdateCounts()).containsExactly(1, 1);
      add(ps, "k1", "c0", 1);
      add(ps, "k2", "c0", 2);
      assertThat(ps.executeBatch()).containsExactly(1, 1);
    }
    model.put("k1", 1);
    model.put("k2", 2);
    assertItems();
  }

  @Test
  void preparedBatch_inTransaction_isPartOfIt() throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
      add(ps, "i0");
      add(ps, "i1");
      assertThat(ps.executeBatch()).containsExactly(1, 1);
      c.rollback();
      assertItems();
      add(ps, "i4");
      ps.executeBatch();
      c.commit();
    }
    model.remove("i4");
    assertItems();
    try (PreparedStatement ps = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?")) {
      add(ps, "j0", "i0");
      add(ps, "i2", "i1");
      BatchUpdateException e = catchThrowableOfType(ps::executeBatch, BatchUpdateException.class);
      assertThat(e.getUpdateCounts()).containsExactly(1);
      // the statements before the failure stay in the open transaction until it ends
      assertThat(rows("SELECT id FROM items WHERE id = 'j0'")).containsExactly("j0");
      c.rollback();
    }
    assertItems();
  }

  @Test
  void statementBatch_mixedStatements_countsPerStatement() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO items VALUES ('i9', 'c9', 9)");
      s.addBatch("UPDATE items SET n = n * 2 WHERE cat = 'c2'");
      s.addBatch("DELETE FROM log WHERE cat = 'c1'");
      s.addBatch("DELETE FROM items WHERE id = 'nosuch'");
      assertThat(s.executeBatch()).containsExactly(1, 2, 2, 0);
    }
    model.put("i9", 9);
    model.replaceAll((id, n) -> cat(id).equals("c2") ? n * 2 : n);
    assertItems();
    assertThat(rows("SELECT COUNT(*) FROM log")).containsExactly("4");
  }

  @Test
  void statementBatch_failureInAutocommit_appliesNothing() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO items VALUES ('i9', 'c9', 9)");
      s.addBatch("DELETE FROM log");
      s.addBatch("UPDATE items SET id = 'i1' WHERE id = 'i0'");
      s.addBatch("DELETE FROM items");
      BatchUpdateException e = catchThrowableOfType(s::executeBatch, BatchUpdateException.class);
      assertThat(e.getSQLState()).isEqualTo("23505");
      assertThat(e.getUpdateCounts()).containsExactly(1, 6);
      // a batch with a query fails at the query
      s.addBatch("UPDATE items SET n = 0");
      s.addBatch("SELECT * FROM items");
      e = catchThrowableOfType(s::executeBatch, BatchUpdateException.class);
      assertThat(e.getUpdateCounts()).containsExactly(6);
    }
    assertItems();
    assertThat(rows("SELECT COUNT(*) FROM log")).containsExactly("6");
  }

  @Test
  void statementBatch_inTransaction_rolledBackWithIt() throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.addBatch("UPDATE items SET n = -1");
      s.addBatch("DELETE FROM log WHERE n > 2");
      assertThat(s.executeBatch()).containsExactly(6, 3);
      assertThat(rows("SELECT COUNT(*) FROM log")).containsExactly("3");
      c.rollback();
    }
    assertItems();
    assertThat(rows("SELECT COUNT(*) FROM log")).containsExactly("6");
  }

  // ---- helpers ----

  private static void add(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      ps.setObject(i + 1, values[i]);
    }
    ps.addBatch();
  }

  private static String cat(String id) {
    return "c" + Integer.parseInt(id.substring(1)) % 3;
  }

  private void assertItems() throws SQLException {
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, Integer> e : model.entrySet()) {
      expected.add(e.getKey() + " " + e.getValue());
    }
    assertThat(rows("SELECT id, n FROM items ORDER BY id")).isEqualTo(expected);
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? " " : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
