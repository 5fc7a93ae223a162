package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.tidal.cli.ContractServer;
import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC contract of DESIGN.md section 3: URLs, properties, sharing, DDL timing, errors; and the
 * statement contract (lifecycle, properties, results, batches), run over every kind of statement
 * the driver hands out so that their handlers cannot disagree.
 */
class JdbcContractTest {

  /**
   * Every kind of statement the driver hands out: the embedded driver's, and the remote driver's
   * (Avatica's client, through {@code ./tidal server}).
   */
  enum Kind {
    /** {@code createStatement()}: PlainStatementHandler. */
    PLAIN("SELECT id FROM t ORDER BY id", null),
    /** A ranked query whose plan runs without Calcite's execution (DirectQuery). */
    PREPARED_DIRECT(
        "SELECT id, DECAY_SCORE(id, 'hit', INTERVAL '1' HOUR) AS hot FROM t ORDER BY hot DESC LIMIT 10",
        Boolean.TRUE),
    /** A query on Calcite's general path. */
    PREPARED_GENERAL("SELECT id FROM t ORDER BY id", Boolean.FALSE),
    /** A statement tidal runs itself: the signal INSERT fast path (LocalStatementHandler). */
    PREPARED_LOCAL(
        "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('hit', ?, 1.0, ?)", null),
    /** A score point read, also tidal's own (one row). */
    PREPARED_POINT_READ("SELECT DECAY_SCORE(?, 'hit', INTERVAL '1' HOUR)", null),
    /** {@code createStatement()} of a {@code jdbc:tidal:remote:} connection (Avatica's client). */
    REMOTE_PLAIN("SELECT id FROM t ORDER BY id", null),
    /** {@code prepareStatement} of a {@code jdbc:tidal:remote:} connection. */
    REMOTE_PREPARED("SELECT id FROM t ORDER BY id", null);

    final String sql;
    final Boolean direct;

    Kind(String sql, Boolean direct) {
      this.sql = sql;
      this.direct = direct;
    }

    boolean remote() {
      return this == REMOTE_PLAIN || this == REMOTE_PREPARED;
    }

    boolean plain() {
      return this == PLAIN || this == REMOTE_PLAIN;
    }

    Statement open(Connection c) throws SQLException {
      if (plain()) {
        return c.createStatement();
      }
      PreparedStatement ps = c.prepareStatement(sql);
      if (direct != null) {
        boolean isDirect =
            ((PreparedHandler) java.lang.reflect.Proxy.getInvocationHandler(ps)).isDirect();
        assertThat(isDirect).as(name()).isEqualTo(direct);
      }
      return ps;
    }

    boolean query() {
      return this != PREPARED_LOCAL;
    }

    /** Runs the statement: true when it returned a result set. */
    boolean run(Statement s) throws SQLException {
      if (plain()) {
        return s.execute(sql);
      }
      PreparedStatement ps = (PreparedStatement) s;
      if (this == PREPARED_LOCAL) {
        ps.setLong(1, 1);
        ps.setObject(2, java.time.LocalDateTime.parse("2026-11-01T12:00:00"));
      } else if (this == PREPARED_POINT_READ) {
        ps.setLong(1, 1);
      }
      return ps.execute();
    }
  }

  /** The servers a REMOTE kind's test started, closed after it. */
  private final List<ContractServer> servers = new java.util.ArrayList<>();

  @AfterEach
  void closeServers() throws SQLException {
    for (ContractServer server : servers) {
      server.close();
    }
    servers.clear();
  }

  private Connection contractDb(Kind k) throws SQLException {
    String url = "jdbc:tidal:mem:contract_" + k.name();
    if (k.remote()) {
      ContractServer server = ContractServer.start(url);
      servers.add(server);
      url = server.clientUrl();
    }
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE hit ON t HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)");
      s.executeUpdate("INSERT INTO t VALUES ('1'), ('2'), ('3')");
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, ts) VALUES"
              + " ('hit', '2', TIMESTAMP '2026-11-01 12:00:00')");
    }
    return c;
  }

  private static void assertState(Throwable e, String state) {
    assertThat(e).isInstanceOf(SQLException.class);
    assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void statement_properties_areKeptAndValidated(Kind k) throws Exception {
    try (Connection c = contractDb(k);
        Statement s = k.open(c)) {
      assertThat(s.getMaxRows()).isZero();
      assertThat(s.getQueryTimeout()).isZero();
      s.setMaxRows(2);
      assertThat(s.getMaxRows()).isEqualTo(2);
      assertThat(s.getLargeMaxRows()).isEqualTo(2L);
      s.setLargeMaxRows(0);
      assertThat(s.getMaxRows()).isZero();
      s.setQueryTimeout(7);
      assertThat(s.getQueryTimeout()).isEqualTo(7);
      s.setFetchSize(50);
      assertThat(s.getFetchSize()).isEqualTo(50);
      s.setMaxFieldSize(100);
      assertThat(s.getMaxFieldSize()).as("accepted, not applied: no limit").isZero();
      assertThatThrownBy(() -> s.setMaxRows(-1)).satisfies(e -> assertState(e, "22023"));
      assertThatThrownBy(() -> s.setLargeMaxRows(-1)).satisfies(e -> assertState(e, "22023"));
      assertThatThrownBy(() -> s.setQueryTimeout(-1)).satisfies(e -> assertState(e, "22023"));
      assertThatThrownBy(() -> s.setFetchSize(-1)).satisfies(e -> assertState(e, "22023"));
      assertThatThrownBy(() -> s.setMaxFieldSize(-1)).satisfies(e -> assertState(e, "22023"));
      assertThat(s.getMaxRows()).as("a refused value changes nothing").isZero();
      assertThat(s.getQueryTimeout()).isEqualTo(7);
      assertThat(s.getFetchSize()).isEqualTo(50);
      assertThat(s.getResultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
      assertThat(s.getResultSetConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
      assertThat(s.getResultSetHoldability()).isEqualTo(c.getHoldability());
      assertThat(s.getFetchDirection()).isEqualTo(ResultSet.FETCH_FORWARD);
      s.setFetchDirection(ResultSet.FETCH_FORWARD);
      s.clearWarnings();
      assertThat((Object) s.getWarnings()).isNull();
      assertThat((Object) s.getConnection()).isSameAs(c);
      assertThat(s.isWrapperFor(Statement.class)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void statement_results_followExecution(Kind k) throws Exception {
    try (Connection c = contractDb(k);
        Statement s = k.open(c)) {
      assertThat(s.getResultSet()).isNull();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
      s.setMaxRows(1);
      boolean isQuery = k.run(s);
      assertThat(isQuery).isEqualTo(k.query());
      if (isQuery) {
        ResultSet rs = s.getResultSet();
        assertThat(rs).isNotNull();
        assertThat((Object) rs.getStatement()).isSameAs(s);
        int rows = 0;
        while (rs.next()) {
          rows++;
        }
        assertThat(rows).as("maxRows 1").isEqualTo(1);
        assertThat(s.getUpdateCount()).isEqualTo(-1);
        assertThat(s.getMoreResults()).isFalse();
        assertThat(rs.isClosed()).as("getMoreResults closes the current result set").isTrue();
      } else {
        assertThat(s.getResultSet()).isNull();
        assertThat(s.getUpdateCount()).isEqualTo(1);
        assertThat(s.getMoreResults()).isFalse();
      }
      assertThat(s.getResultSet()).isNull();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
      try (ResultSet keys = s.getGeneratedKeys()) {
        assertThat(keys.next()).isFalse();
      }
      s.clearBatch();
      assertThat(s.executeBatch()).as("an empty batch").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void statement_closed_failsHY010_andClosesItsResult(Kind k) throws Exception {
    try (Connection c = contractDb(k)) {
      Statement s = k.open(c);
      ResultSet rs = k.run(s) ? s.getResultSet() : null;
      s.close();
      s.close();
      assertThat(s.isClosed()).isTrue();
      if (rs != null) {
        assertThat(rs.isClosed()).isTrue();
      }
      assertThatThrownBy(s::getMaxRows).satisfies(e -> assertState(e, "HY010"));
      assertThatThrownBy(() -> s.setQueryTimeout(1)).satisfies(e -> assertState(e, "HY010"));
      assertThatThrownBy(s::getResultSet).satisfies(e -> assertState(e, "HY010"));
      assertThatThrownBy(s::executeBatch).satisfies(e -> assertState(e, "HY010"));
      assertThatThrownBy(() -> k.run(s)).satisfies(e -> assertState(e, "HY010"));
      Statement other = k.open(c);
      c.close();
      assertThat(other.isClosed()).as("closing the connection closes its statements").isTrue();
    }
  }

  @Test
  void connect_unknownOrCodeLoadingProperty_isRefusedNamingIt() {
    for (String key :
        List.of(
            "model",
            "schemaFactory",
            "fun",
            "parserFactory",
            "typeSystem",
            "lex",
            "timeZone",
            "caseSensitive")) {
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tidal:mem:p;" + key + "=x"))
          .as(key)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("'" + key.toLowerCase(java.util.Locale.ROOT) + "'")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
      Properties p = new Properties();
      p.setProperty(key, "x");
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tidal:mem:p", p))
          .as(key)
          .isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tidal:mem:p;durability=maybe"))
        .hasMessageContaining("maybe")
        .hasMessageContaining("durability");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tidal:"))
        .hasMessageContaining("missing database path");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:calcite:"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("No suitable driver");
  }

  @Test
  void connect_whitelistedProperties_areAccepted() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("password", "secret");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:tidal:mem:ok;durability=async;create=true;read_only=false", p)) {
      assertThat(c.isValid(1)).isTrue();
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(c.getMetaData().getURL()).startsWith("jdbc:tidal:mem:ok");
    }
  }

  @Test
  void connections_toOneDatabase_shareTheEngine_untilTheLastCloses() throws Exception {
    Connection a = DriverManager.getConnection("jdbc:tidal:mem:shared");
    Connection b = DriverManager.getConnection("jdbc:tidal:mem:shared");
    a.createStatement().execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
    a.createStatement().executeUpdate("INSERT INTO t VALUES ('x')");
    try (ResultSet rs = b.createStatement().executeQuery("SELECT id FROM t")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("x");
    }
    a.close();
    try (ResultSet rs = b.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
    b.close();
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:shared")) {
      assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT * FROM t"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("'T' not found");
    }
  }

  @Test
  void ddl_prepared_runsAtExecuteOnce() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:ddl")) {
      PreparedStatement ps = c.prepareStatement("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      assertThat(c.getMetaData().getTables(null, "TIDAL", "T", null).next()).isFalse();
      assertThat(ps.execute()).isFalse();
      assertThat(ps.getUpdateCount()).isZero();
      assertThat(c.getMetaData().getTables(null, "TIDAL", "T", null).next()).isTrue();
      assertThatThrownBy(ps::execute)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("already exists");
      assertThatThrownBy(() -> c.prepareStatement("CREATE TABLE ("))
          .isInstanceOf(java.sql.SQLSyntaxErrorException.class);
    }
  }

  @Test
  void closed_connectionAndStatement_fail08003AndHY010() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:tidal:mem:closed");
    Statement s = c.createStatement();
    s.close();
    assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
    c.close();
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThat(c.isValid(1)).isFalse();
    assertThatThrownBy(c::createStatement)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
  }

  @Test
  void transactions_commitAndRollback_inAutocommit_areNoOps() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:tx")) {
      c.commit();
      c.rollback();
      c.setAutoCommit(false);
      c.createStatement().execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      c.createStatement().executeUpdate("INSERT INTO t VALUES ('a')");
      try (Connection other = DriverManager.getConnection("jdbc:tidal:mem:tx");
          ResultSet rs = other.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertThat(rs.getLong(1)).as("uncommitted row invisible to others").isZero();
        c.commit();
        try (ResultSet rs2 = other.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
          rs2.next();
          assertThat(rs2.getLong(1)).isEqualTo(1);
        }
      }
      c.createStatement().executeUpdate("INSERT INTO t VALUES ('b')");
      c.setAutoCommit(true);
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertThat(rs.getLong(1)).as("setAutoCommit(true) commits").isEqualTo(2);
      }
    }
  }

  @Test
  void batches_signalsAndRows_haveExactCounts() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:batch");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v INTEGER)");
      s.execute(
          "CREATE SIGNAL TYPE hit ON t HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int i = 0; i < 5; i++) {
          ps.setLong(1, i);
          ps.setInt(2, i * 10);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts, dedup_key) VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < 4; i++) {
          ps.setString(1, "hit");
          ps.setLong(2, i % 2);
          ps.setDouble(3, 1.0);
          ps.setObject(4, java.time.LocalDateTime.parse("2026-11-01T12:00:00"));
          ps.setString(5, i < 2 ? "k" + i : "k0");
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 0, 1);
        ps.setString(1, "hit");
        ps.setString(2, "notanumber");
        ps.setNull(3, java.sql.Types.DOUBLE);
        ps.setNull(4, java.sql.Types.TIMESTAMP);
        ps.setNull(5, java.sql.Types.VARCHAR);
        assertThatThrownBy(ps::executeUpdate)
            .isInstanceOf(java.sql.SQLDataException.class)
            .hasMessageContaining("notanumber");
      }
      assertThat(s.executeUpdate("UPDATE t SET v = v + 1 WHERE id >= 3")).isEqualTo(2);
    }
  }

  /** Mutated statements: only SQLExceptions, and the database still answers afterwards. */
  @Test
  void fuzz_mutatedStatements_throwOnlySqlExceptions() throws Exception {
    long seed = Seeds.seed("JdbcContractTest.fuzz");
    Random rnd = new Random(seed);
    List<String> base =
        List.of(
            "SELECT id, v FROM t WHERE id = 1",
            "INSERT INTO t VALUES (100, 1)",
            "UPDATE t SET v = 2 WHERE id = 1",
            "DELETE FROM t WHERE id = 99",
            "SELECT DECAY_SCORE('1', 'hit', INTERVAL '1' HOUR, TIMESTAMP '2026-11-01 12:00:00')",
            "INSERT INTO signals (signal_type, entity_id, ts) VALUES ('hit', '1', TIMESTAMP '2026-11-01 12:00:00')",
            "CREATE SIGNAL TYPE x ON t HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)",
            "CREATE TABLE u (id VARCHAR PRIMARY KEY, n INTEGER)",
            "SELECT * FROM sys.signal_types");
    String junk = "'\"();,?*-+/=<>% \n0123456789abcSELECTFROMWHERE";
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v INTEGER)");
      s.execute(
          "CREATE SIGNAL TYPE hit ON t HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)");
      s.executeUpdate("INSERT INTO t VALUES (1, 1)");
      int failures = 0;
      for (int i = 0; i < 300; i++) {
        StringBuilder sql = new StringBuilder(base.get(rnd.nextInt(base.size())));
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && sql.length() > 0; e++) {
          int at = rnd.nextInt(sql.length());
          switch (rnd.nextInt(3)) {
            case 0 -> sql.deleteCharAt(at);
            case 1 -> sql.insert(at, junk.charAt(rnd.nextInt(junk.length())));
            default -> sql.setCharAt(at, junk.charAt(rnd.nextInt(junk.length())));
          }
        }
        try {
          if (s.execute(sql.toString())) {
            try (ResultSet rs = s.getResultSet()) {
              while (rs.next()) {
                rs.getObject(1);
              }
            }
          }
        } catch (SQLException expected) {
          failures++;
          assertThat(expected.getSQLState()).as(sql.toString()).isNotNull();
        } catch (Throwable t) {
          fail("seed " + seed + ": non-SQLException from <" + sql + ">: " + t, t);
        }
      }
      assertThat(failures).isPositive();
      // The database still answers, and consistently. (Which rows remain depends on what the
      // mutations made: "DELETE FROM t WHERE id = 9/9" deletes row 1, legitimately.) Every row a
      // full scan returns is found by its key, the count agrees, and a new row round-trips.
      List<Long> ids = new java.util.ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT id FROM t")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("seed %d: count against scan", seed).isEqualTo(ids.size());
      }
      try (PreparedStatement byKey = c.prepareStatement("SELECT id FROM t WHERE id = ?")) {
        for (long id : ids) {
          byKey.setLong(1, id);
          try (ResultSet rs = byKey.executeQuery()) {
            assertThat(rs.next()).as("seed %d: row %d by its key", seed, id).isTrue();
          }
        }
      }
      assertThat(s.executeUpdate("INSERT INTO t VALUES (123456789, 7)")).isEqualTo(1);
      try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 123456789")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
    }
  }
}
