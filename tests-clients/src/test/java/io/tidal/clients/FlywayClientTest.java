package io.tidal.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway as a service runs it at startup: the default location {@code classpath:db/migration},
 * a pooled DataSource (HikariCP), placeholders, then the application reading through Spring's
 * JdbcTemplate; a second start is a no-op that still validates. tidal-flyway is found by Flyway's
 * ServiceLoader from the class path, nothing registered by hand.
 */
class FlywayClientTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void startup_migratesThroughAPool_secondStartIsANoOp(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir)) {
      for (int start = 0; start < 2; start++) {
        try (HikariDataSource ds = new HikariDataSource()) {
          ds.setJdbcUrl(db.url);
          ds.setMaximumPoolSize(2);
          Flyway flyway =
              Flyway.configure().dataSource(ds).placeholders(Map.of("prefix", "app_")).load();
          assertThat(flyway.migrate().migrationsExecuted).isEqualTo(start == 0 ? 2 : 0);
          flyway.validate();
          assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("2");
          assertThat(flyway.info().all())
              .extracting(i -> i.getState())
              .containsOnly(MigrationState.SUCCESS);

          JdbcTemplate jdbc = new JdbcTemplate(ds);
          assertThat(
                  jdbc.queryForList(
                      "SELECT id FROM app_hot ORDER BY hot DESC, id LIMIT ?", String.class, 1L))
              .containsExactly("a");
          assertThat(
                  jdbc.queryForObject(
                      "SELECT COUNT(*) FROM app_items WHERE created_at IS NOT NULL", Integer.class))
              .isEqualTo(2);
        }
      }
      assertThat(
              db.rows(
                  "SELECT \"version\", \"script\" FROM \"flyway_schema_history\" "
                      + "ORDER BY \"installed_rank\""))
          .containsExactly("1|V1__catalog.sql", "2|V2__hot_view.sql");
    }
  }
}
