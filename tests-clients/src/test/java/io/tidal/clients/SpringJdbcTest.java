package io.tidal.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring JDBC (spring-jdbc/spring-tx jars) over {@code DriverManagerDataSource}, which opens a
 * connection per call: JdbcTemplate, NamedParameterJdbcTemplate, TransactionTemplate on a
 * DataSourceTransactionManager, and both of Spring's exception translators.
 */
class SpringJdbcTest {

  @TempDir Path dir;

  private static DriverManagerDataSource dataSource(Databases db) {
    return new DriverManagerDataSource(db.url, "app", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void jdbcTemplate_queriesUpdatesAndBatches(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir)) {
      JdbcTemplate jdbc = new JdbcTemplate(dataSource(db));
      jdbc.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR(100) NOT NULL, "
              + "views BIGINT DEFAULT 0, price NUMERIC(10, 2))");
      assertThat(
              jdbc.update(
                  "INSERT INTO items (id, title, price) VALUES (?, ?, ?)",
                  "i1",
                  "First",
                  new java.math.BigDecimal("1.505")))
          .isEqualTo(1);
      int[] counts =
          jdbc.batchUpdate(
              "INSERT INTO items (id, title, views) VALUES (?, ?, ?)",
              List.of(new Object[] {"i2", "Second", 5L}, new Object[] {"i3", "Third", 7L}));
      assertThat(counts).containsExactly(1, 1);
      assertThat(jdbc.update("UPDATE items SET views = views + ? WHERE id = ?", 10, "i2"))
          .isEqualTo(1);

      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM items", Long.class)).isEqualTo(3L);
      assertThat(jdbc.queryForObject("SELECT views FROM items WHERE id = ?", Integer.class, "i2"))
          .isEqualTo(15);
      assertThat(
              jdbc.queryForList(
                  "SELECT id FROM items ORDER BY views DESC LIMIT ?", String.class, 2L))
          .containsExactly("i2", "i3");
      Map<String, Object> row =
          jdbc.queryForMap("SELECT id, title, price FROM items WHERE id = 'i1'");
      assertThat(row).containsEntry("ID", "i1").containsEntry("TITLE", "First");
      assertThat(row.get("PRICE")).isEqualTo(new java.math.BigDecimal("1.51"));
      assertThat(
              jdbc.query(
                  "SELECT id, views FROM items ORDER BY id",
                  (rs, i) -> rs.getString("id") + "=" + rs.getLong("views")))
          .containsExactly("i1=0", "i2=15", "i3=7");
      assertThat(db.rows("SELECT id, views FROM items ORDER BY id"))
          .containsExactly("i1|0", "i2|15", "i3|7");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void namedParameterTemplate_bindsByName(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir)) {
      db.execute("CREATE TABLE users (uid BIGINT PRIMARY KEY, name VARCHAR(50), born DATE)");
      NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource(db));
      for (long uid = 1; uid <= 5; uid++) {
        named.update(
            "INSERT INTO users (uid, name, born) VALUES (:uid, :name, :born)",
            new MapSqlParameterSource()
                .addValue("uid", uid)
                .addValue("name", "u" + uid)
                .addValue("born", java.time.LocalDate.of(2000, 1, (int) uid)));
      }
      assertThat(
              named.queryForList(
                  "SELECT name FROM users WHERE uid IN (:ids) ORDER BY uid",
                  Map.of("ids", List.of(2L, 4L, 9L)),
                  String.class))
          .containsExactly("u2", "u4");
      assertThat(
              named.queryForObject(
                  "SELECT born FROM users WHERE uid = :uid",
                  Map.of("uid", 3L),
                  java.time.LocalDate.class))
          .isEqualTo(java.time.LocalDate.of(2000, 1, 3));
      assertThat(db.rows("SELECT COUNT(*) FROM users")).containsExactly("5");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void transactionTemplate_commitsOrRollsBackAsAWhole(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir)) {
      DriverManagerDataSource ds = dataSource(db);
      JdbcTemplate jdbc = new JdbcTemplate(ds);
      jdbc.execute("CREATE TABLE accounts (id VARCHAR PRIMARY KEY, balance BIGINT NOT NULL)");
      jdbc.update("INSERT INTO accounts VALUES ('a', 100), ('b', 0)");
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));

      tx.executeWithoutResult(
          status -> {
            jdbc.update("UPDATE accounts SET balance = balance - 30 WHERE id = 'a'");
            jdbc.update("UPDATE accounts SET balance = balance + 30 WHERE id = 'b'");
          });
      assertThat(db.rows("SELECT id, balance FROM accounts ORDER BY id"))
          .containsExactly("a|70", "b|30");

      assertThatThrownBy(
              () ->
                  tx.executeWithoutResult(
                      status -> {
                        jdbc.update("UPDATE accounts SET balance = balance - 50 WHERE id = 'a'");
                        jdbc.update("INSERT INTO accounts VALUES ('a', 1)"); // duplicate key
                      }))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(db.rows("SELECT id, balance FROM accounts ORDER BY id"))
          .containsExactly("a|70", "b|30");

      tx.executeWithoutResult(
          status -> {
            jdbc.update("UPDATE accounts SET balance = 0");
            status.setRollbackOnly();
          });
      assertThat(db.rows("SELECT id, balance FROM accounts ORDER BY id"))
          .containsExactly("a|70", "b|30");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void exceptionTranslation_mapsTidalSqlStates(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir)) {
      JdbcTemplate jdbc = new JdbcTemplate(dataSource(db));
      jdbc.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, code VARCHAR(3) NOT NULL UNIQUE)");
      jdbc.update("INSERT INTO t VALUES ('x', 'abc')");

      // JdbcTemplate's default translator (error codes, falling back to SQLState classes)
      assertThatThrownBy(() -> jdbc.update("INSERT INTO t VALUES ('x', 'def')"))
          .isInstanceOf(DuplicateKeyException.class);
      assertThatThrownBy(() -> jdbc.update("INSERT INTO t VALUES ('y', 'abc')"))
          .isInstanceOf(DuplicateKeyException.class)
          .hasMessageContaining("UNIQUE (code)")
          .satisfies(
              e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("23505"));
      assertThatThrownBy(() -> jdbc.update("INSERT INTO t (id) VALUES ('z')"))
          .isInstanceOf(DataIntegrityViolationException.class)
          .isNotInstanceOf(DuplicateKeyException.class);
      assertThatThrownBy(() -> jdbc.update("INSERT INTO t VALUES ('w', 'toolong')"))
          .isInstanceOf(DataIntegrityViolationException.class);
      assertThatThrownBy(() -> jdbc.queryForList("SELECT nope FROM t"))
          .isInstanceOf(BadSqlGrammarException.class);
      assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM no_such_table"))
          .isInstanceOf(BadSqlGrammarException.class);

      // each translator on its own, fed the driver's exception
      try (var s = db.oracle.createStatement()) {
        SQLException duplicate =
            catchSql(() -> s.executeUpdate("INSERT INTO t VALUES ('x', 'zzz')"));
        assertThat(duplicate.getSQLState()).isEqualTo("23505");
        assertThat(new SQLStateSQLExceptionTranslator().translate("insert", null, duplicate))
            .isInstanceOf(DuplicateKeyException.class);
        assertThat(
                new SQLErrorCodeSQLExceptionTranslator(jdbc.getDataSource())
                    .translate("insert", null, duplicate))
            .isInstanceOf(DuplicateKeyException.class);
      }
      assertThat(db.rows("SELECT id, code FROM t")).containsExactly("x|abc");
    }
  }

  interface SqlAction {
    void run() throws SQLException;
  }

  private static SQLException catchSql(SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("no SQLException");
  }
}
