package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.rowset.serial.SerialBlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16: VARBINARY, BINARY(n) and BLOB columns. Random byte strings written as {@code X'..'}
 * literals and through setBytes / setBinaryStream / setBlob / setObject, read back with getBytes /
 * getObject / getBlob / getBinaryStream, compared (=, IN, ranges, ORDER BY) with and without a
 * secondary index, and kept across reopen, all against a TreeMap model ordered as SQL orders bytes
 * (unsigned, a prefix first); bad literals and values too long are clear errors naming them.
 */
class Issue16BinaryTypeTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  @TempDir Path dir;

  @Test
  void binaryColumns_roundTripCompareOrderAndSurviveReopen() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("Issue16BinaryTypeTest seed " + seed);
    Random random = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    Map<Long, byte[]> model = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE files (id BIGINT PRIMARY KEY, digest VARBINARY(8), body BLOB, "
              + "tag BINARY(2) DEFAULT X'0a0B')");
      s.execute("CREATE TABLE files_ix (id BIGINT PRIMARY KEY, digest VARBINARY(8))");
      s.execute("CREATE INDEX files_by_digest ON files_ix (digest)");
      try (PreparedStatement p =
              c.prepareStatement("INSERT INTO files (id, digest) VALUES (?, ?)");
          PreparedStatement q =
              c.prepareStatement("INSERT INTO files_ix (id, digest) VALUES (?, ?)")) {
        for (long id = 0; id < 120; id++) {
          byte[] v = random.nextInt(10) == 0 ? null : bytes(random, 8);
          if (id % 5 == 0) { // a plain statement with a literal
            s.executeUpdate(
                "INSERT INTO files (id, digest) VALUES (" + id + ", " + literal(v) + ")");
          } else {
            p.setLong(1, id);
            switch ((int) (id % 5)) {
              case 1 -> p.setBytes(2, v);
              case 2 -> p.setBinaryStream(2, v == null ? null : new ByteArrayInputStream(v));
              case 3 -> p.setBlob(2, v == null ? null : new SerialBlob(v));
              default -> p.setObject(2, v, Types.VARBINARY);
            }
            assertThat(p.executeUpdate()).isEqualTo(1);
          }
          q.setLong(1, id);
          q.setBytes(2, v);
          q.executeUpdate();
          model.put(id, v);
        }
      }
      check(c, model, random);
      try (ResultSet rs = s.executeQuery("SELECT tag, body FROM files WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).as("DEFAULT X'0a0B'").containsExactly(0x0A, 0x0B);
        assertThat(rs.getBytes(2)).isNull();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getBlob(2)).isNull();
      }
      s.executeUpdate("UPDATE files SET body = X'00FF' WHERE id = 2");
      try (ResultSet rs = s.executeQuery("SELECT body FROM files WHERE id = 2")) {
        assertThat(rs.next()).isTrue();
        Blob b = rs.getBlob(1);
        assertThat(b.getBytes(1, (int) b.length())).containsExactly(0x00, 0xFF);
        assertThat(rs.getBinaryStream(1).readAllBytes()).containsExactly(0x00, 0xFF);
        assertThat(rs.getObject(1, byte[].class)).containsExactly(0x00, 0xFF);
      }
    }
    try (Connection c = DriverManager.getConnection(url)) {
      check(c, model, random); // read back from the row codec, and the index rebuilt at open
    }
  }

  private static void check(Connection c, Map<Long, byte[]> model, Random random)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, digest FROM files")) {
      int n = 0;
      while (rs.next()) {
        n++;
        byte[] want = model.get(rs.getLong(1));
        assertThat(rs.getBytes(2)).as("row %d", rs.getLong(1)).isEqualTo(want);
        Object o = rs.getObject(2);
        assertThat(o == null ? null : (byte[]) o).isEqualTo(want);
      }
      assertThat(n).isEqualTo(model.size());
    }
    List<byte[]> values = model.values().stream().filter(v -> v != null).toList();
    for (String table : new String[] {"files", "files_ix"}) {
      for (int i = 0; i < 15; i++) {
        byte[] probe = i % 3 == 0 ? bytes(random, 8) : values.get(random.nextInt(values.size()));
        assertThat(ids(c, "SELECT id FROM " + table + " WHERE digest = " + literal(probe)))
            .as("%s = %s", table, literal(probe))
            .isEqualTo(matching(model, v -> Arrays.equals(v, probe)));
        assertThat(ids(c, "SELECT id FROM " + table + " WHERE digest > " + literal(probe)))
            .as("%s > %s", table, literal(probe))
            .isEqualTo(matching(model, v -> Arrays.compareUnsigned(v, probe) > 0));
        byte[] other = values.get(random.nextInt(values.size()));
        assertThat(
                ids(
                    c,
                    "SELECT id FROM "
                        + table
                        + " WHERE digest IN ("
                        + literal(probe)
                        + ", "
                        + literal(other)
                        + ")"))
            .isEqualTo(matching(model, v -> Arrays.equals(v, probe) || Arrays.equals(v, other)));
        try (PreparedStatement p =
            c.prepareStatement("SELECT id FROM " + table + " WHERE digest <= ?")) {
          p.setBytes(1, probe);
          Set<Long> got = new HashSet<>();
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              got.add(rs.getLong(1));
            }
          }
          assertThat(got).isEqualTo(matching(model, v -> Arrays.compareUnsigned(v, probe) <= 0));
        }
      }
      assertThat(ids(c, "SELECT id FROM " + table + " WHERE digest IS NULL"))
          .isEqualTo(
              new HashSet<>(
                  model.entrySet().stream()
                      .filter(e -> e.getValue() == null)
                      .map(Map.Entry::getKey)
                      .toList()));
    }
    assertThat(plan(c, "SELECT id FROM files_ix WHERE digest = X'01'"))
        .contains("IndexScan")
        .contains("files_by_digest");
    List<byte[]> sorted = new ArrayList<>(values);
    sorted.sort(Arrays::compareUnsigned);
    List<byte[]> got = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT digest FROM files WHERE digest IS NOT NULL ORDER BY digest")) {
      while (rs.next()) {
        got.add(rs.getBytes(1));
      }
    }
    assertThat(got).containsExactlyElementsOf(sorted);
  }

  @Test
  void uniqueAndKeylessTables_compareByValue() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:bin_unique");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE k (v VARBINARY UNIQUE, n INTEGER)");
      s.executeUpdate("INSERT INTO k VALUES (X'01', 1), (X'02', 2), (NULL, 3), (NULL, 4)");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO k VALUES (X'01', 5)"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"))
          .hasMessageContaining("X'01'");
      assertThat(s.executeUpdate("UPDATE k SET n = 20 WHERE v = X'02'")).isEqualTo(1);
      assertThat(s.executeUpdate("DELETE FROM k WHERE v = X'01'")).isEqualTo(1);
      assertThat(ids(c, "SELECT n FROM k")).containsExactlyInAnyOrder(20L, 3L, 4L);
      s.executeUpdate("INSERT INTO k VALUES (X'01', 6)"); // freed by the delete
    }
  }

  @Test
  void badBinaryInput_isAClearErrorNamingTheValue() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:bin_errors");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE b (id BIGINT PRIMARY KEY, v VARBINARY(4), f BINARY(2))");
      assertState(s, "INSERT INTO b VALUES (1, X'0A1', NULL)", "42601", "X'0A1'");
      assertState(s, "INSERT INTO b VALUES (1, X'ZZ', NULL)", "42601", "X'ZZ'");
      assertState(s, "SELECT id FROM b WHERE v = X'123'", "42601", "X'123'");
      assertState(s, "INSERT INTO b VALUES (1, X'0102030405', NULL)", "22001", "X'0102030405'");
      assertState(s, "INSERT INTO b VALUES (1, NULL, X'010203')", "22001", "BINARY(2)");
      assertState(s, "INSERT INTO b VALUES (1, 'text', NULL)", "42804", "binary");
      assertState(s, "CREATE TABLE bad (v VARBINARY DEFAULT X'0G')", "42601", "X'0G'");
      assertState(s, "CREATE TABLE bad (v VARBINARY(2) DEFAULT X'010203')", "22001", "X'010203'");
      assertState(s, "CREATE TABLE bad (v VARBINARY(0))", "42611", "VARBINARY");
      assertState(s, "CREATE TABLE bad (v VARBINARY PRIMARY KEY)", "22018", "VARBINARY");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO b (id, v) VALUES (?, ?)")) {
        p.setLong(1, 2);
        p.setBytes(2, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(p::executeUpdate)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22001"))
            .hasMessageContaining("X'0102030405'")
            .hasMessageContaining("'v'");
        assertThatThrownBy(() -> p.setBinaryStream(2, new ByteArrayInputStream(new byte[] {1}), 3))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22000"))
            .hasMessageContaining("parameter 2");
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM b")) {
        rs.next();
        assertThat(rs.getLong(1)).as("nothing half-written").isZero();
      }
    }
  }

  @Test
  void metadata_reportsTheDeclaredBinaryTypes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:bin_meta");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE m (a VARBINARY(16), b BINARY(4), c BLOB, d VARBINARY)");
      DatabaseMetaData md = c.getMetaData();
      // getColumns' TYPE_NAME / DATA_TYPE / COLUMN_SIZE: Issue16DeclaredTypeNamesTest
      Map<String, Integer> typeInfo = new TreeMap<>();
      try (ResultSet rs = md.getTypeInfo()) {
        while (rs.next()) {
          typeInfo.put(rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"));
          if (rs.getString("TYPE_NAME").equals("VARBINARY")) {
            assertThat(rs.getString("LITERAL_PREFIX")).isEqualTo("X'");
          }
        }
      }
      assertThat(typeInfo)
          .containsEntry("VARBINARY", Types.VARBINARY)
          .containsEntry("BINARY", Types.BINARY)
          .containsEntry("BLOB", Types.BLOB);
      try (ResultSet rs = s.executeQuery("SELECT a FROM m")) {
        assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(Types.VARBINARY);
        assertThat(rs.getMetaData().getColumnClassName(1)).isEqualTo("[B");
      }
    }
  }

  private static void assertState(Statement s, String sql, String state, String named) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).as(sql).isEqualTo(state))
        .hasMessageContaining(named);
  }

  private static String plan(Connection c, String sql) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        b.append(rs.getString(1));
      }
    }
    return b.toString();
  }

  private static Set<Long> ids(Connection c, String sql) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static Set<Long> matching(
      Map<Long, byte[]> model, java.util.function.Predicate<byte[]> p) {
    Set<Long> out = new HashSet<>();
    model.forEach(
        (id, v) -> {
          if (v != null && p.test(v)) {
            out.add(id);
          }
        });
    return out;
  }

  /** 0 to max bytes, often sharing a prefix (so that order and prefixes are exercised). */
  private static byte[] bytes(Random random, int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    if (b.length > 0 && random.nextBoolean()) {
      b[0] = (byte) (random.nextBoolean() ? 0x7F : 0x80);
    }
    return b;
  }

  private static String literal(byte[] v) {
    return v == null ? "NULL" : "X'" + HEX.formatHex(v) + "'";
  }
}
