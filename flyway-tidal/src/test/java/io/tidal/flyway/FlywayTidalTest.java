package io.tidal.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flyway itself (flyway-core's jar) migrating tidal through this plugin, on a file and a memory
 * database. The oracle is plain JDBC: the migrated tables' rows and the history table's rows as
 * tidal stores them.
 */
class FlywayTidalTest {

  private static final AtomicInteger MEM_IDS = new AtomicInteger();

  @TempDir Path dir;

  /** Holds a memory database open between Flyway's connections; also the oracle's connection. */
  private Connection keeper;

  @AfterEach
  void closeKeeper() throws SQLException {
    if (keeper != null) {
      keeper.close();
    }
  }

  private String open(String kind) throws SQLException {
    String url =
        kind.equals("file")
            ? "jdbc:tidal:" + dir.resolve("db")
            : "jdbc:tidal:mem:flyway" + MEM_IDS.incrementAndGet();
    keeper = DriverManager.getConnection(url);
    return url;
  }

  private static Flyway flyway(String url, String... locations) {
    return Flyway.configure()
        .dataSource(url, "migrator", "")
        .locations(locations)
        .placeholders(Map.of("app", "shop", "default_category", "general"))
        .load();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void migrate_twoVersions_thenRepeatIsNoOp_andValidates(String kind) throws SQLException {
    String url = open(kind);
    Flyway flyway = flyway(url, "classpath:db/tidal");

    MigrateResult first = flyway.migrate();
    assertThat(first.migrationsExecuted).isEqualTo(2);
    assertThat(first.targetSchemaVersion).isEqualTo("2");
    assertThat(rows("SELECT id, title, category, price FROM items ORDER BY id"))
        .containsExactly("i1|First; with a semicolon|news|1.50", "i2|shop second|general|2.25");
    assertThat(
            rows(
                "SELECT \"installed_rank\", \"version\", \"type\", \"script\", \"installed_by\", "
                    + "\"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\""))
        .containsExactly(
            "1|1|SQL|V1__create_items.sql|migrator|true",
            "2|2|SQL|V2__seed_items.sql|migrator|true");
    assertThat(rows("SELECT name FROM sys.signal_types")).containsExactly("view");

    MigrateResult again = flyway(url, "classpath:db/tidal").migrate();
    assertThat(again.migrationsExecuted).isZero();
    assertThat(rows("SELECT COUNT(*) FROM \"flyway_schema_history\"")).containsExactly("2");
    assertThat(rows("SELECT COUNT(*) FROM items")).containsExactly("2");

    assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    MigrationInfo[] applied = flyway.info().applied();
    assertThat(applied).extracting(i -> i.getVersion().getVersion()).containsExactly("1", "2");
    assertThat(applied).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void validate_detectsAChangedChecksum_andRepairFixesIt(String kind) throws SQLException {
    String url = open(kind);
    flyway(url, "classpath:db/tidal").migrate();
    try (Statement s = keeper.createStatement()) {
      assertThat(
              s.executeUpdate(
                  "UPDATE \"flyway_schema_history\" SET \"checksum\" = 42 "
                      + "WHERE \"version\" = '2'"))
          .isEqualTo(1);
    }
    Flyway flyway = flyway(url, "classpath:db/tidal");
    assertThat(flyway.validateWithResult().validationSuccessful).isFalse();
    assertThatThrownBy(flyway::validate)
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("checksum mismatch");

    flyway.repair();
    assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    assertThat(rows("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"checksum\" = 42"))
        .containsExactly("0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void pendingMigration_failsValidate_thenMigratesAlone(String kind) throws SQLException {
    String url = open(kind);
    flyway(url, "classpath:db/tidal").migrate();
    Flyway withV3 = flyway(url, "classpath:db/tidal", "classpath:db/tidal-v3");
    assertThat(withV3.info().pending())
        .extracting(i -> i.getVersion().getVersion())
        .containsExactly("3");
    assertThat(withV3.validateWithResult().validationSuccessful).isFalse();

    assertThat(withV3.migrate().migrationsExecuted).isEqualTo(1);
    assertThat(rows("SELECT line, n FROM audit_log")).containsExactly("v3|3");
    assertThat(
            rows(
                "SELECT \"installed_rank\", \"version\" FROM \"flyway_schema_history\" "
                    + "ORDER BY \"installed_rank\""))
        .containsExactly("1|1", "2|2", "3|3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void baseline_onAnExistingSchema_skipsVersionsUpToTheBaseline(String kind) throws SQLException {
    String url = open(kind);
    try (Statement s = keeper.createStatement()) {
      s.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR(200) NOT NULL, "
              + "category VARCHAR(20), price NUMERIC(10, 2))");
    }
    assertThatThrownBy(() -> flyway(url, "classpath:db/tidal").migrate())
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("non-empty schema");

    Flyway flyway =
        Flyway.configure()
            .dataSource(url, "migrator", "")
            .locations("classpath:db/tidal")
            .placeholders(Map.of("app", "shop", "default_category", "general"))
            .baselineVersion("1")
            .baselineDescription("existing schema")
            .load();
    flyway.baseline();
    assertThat(
            rows(
                "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"success\" "
                    + "FROM \"flyway_schema_history\""))
        .containsExactly("1|1|existing schema|BASELINE|true");

    MigrateResult result = flyway.migrate();
    assertThat(result.migrationsExecuted).isEqualTo(1);
    assertThat(rows("SELECT id, category FROM items ORDER BY id"))
        .containsExactly("i1|news", "i2|null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void failingMigration_isReported_andLeavesTheEarlierVersionsIntact(String kind)
      throws SQLException {
    String url = open(kind);
    flyway(url, "classpath:db/tidal").migrate();
    assertThatThrownBy(() -> flyway(url, "classpath:db/tidal", "classpath:db/tidal-bad").migrate())
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("NO_SUCH_TABLE");
    // DDL is not transactional: the failed migration's CREATE TABLE stays, and Flyway records
    // the migration as failed (it does so for databases without DDL transactions)
    assertThat(
            rows(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
                    + "ORDER BY \"installed_rank\""))
        .containsExactly("1|true", "2|true", "3|false");
    assertThat(rows("SELECT COUNT(*) FROM broken_log")).containsExactly("0");
    assertThat(rows("SELECT COUNT(*) FROM items")).containsExactly("2");

    Flyway fixed = flyway(url, "classpath:db/tidal", "classpath:db/tidal-bad");
    fixed.repair(); // removes the failed row
    assertThat(
            rows("SELECT \"version\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\""))
        .containsExactly("1", "2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void clean_dropsViewsSignalTypesAndTables_thenMigrateRebuilds(String kind) throws SQLException {
    String url = open(kind);
    flyway(url, "classpath:db/tidal").migrate();
    try (Statement s = keeper.createStatement()) {
      s.execute("CREATE VIEW news AS SELECT id FROM items WHERE category = 'news'");
    }
    Flyway flyway =
        Flyway.configure()
            .dataSource(url, "migrator", "")
            .locations("classpath:db/tidal")
            .placeholders(Map.of("app", "shop", "default_category", "general"))
            .cleanDisabled(false)
            .load();
    flyway.clean();
    assertThat(rows("SELECT COUNT(*) FROM sys.signal_types")).containsExactly("0");
    try (ResultSet rs =
        keeper.getMetaData().getTables(null, "TIDAL", "%", new String[] {"TABLE", "VIEW"})) {
      List<String> left = new ArrayList<>();
      while (rs.next()) {
        left.add(rs.getString("TABLE_NAME"));
      }
      assertThat(left).containsExactly("SIGNALS");
    }
    assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);
    assertThat(rows("SELECT COUNT(*) FROM items")).containsExactly("2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void concurrentMigrations_applyEachVersionOnce(String kind) throws Exception {
    String url = open(kind);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Callable<Integer> run =
            () -> flyway(url, "classpath:db/tidal").migrate().migrationsExecuted;
        runs.add(pool.submit(run));
      }
      int executed = 0;
      for (Future<Integer> run : runs) {
        executed += run.get();
      }
      assertThat(executed).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            rows("SELECT \"version\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\""))
        .containsExactly("1", "2");
    assertThat(rows("SELECT COUNT(*) FROM items")).containsExactly("2");
  }

  /** Every row of a query, columns joined with '|', SQL NULL as "null". */
  private List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = keeper.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }
}
