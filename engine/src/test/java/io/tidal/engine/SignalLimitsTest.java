package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same limits on a signal in memory and file databases (a memory database once accepted a
 * 70,000-byte dedup key that a file database refused): dedup keys and actor ids of at most 1,024
 * UTF-8 bytes, and an entity id no longer than the key column's declared length (it could name no
 * row). A refused signal changes nothing.
 */
class SignalLimitsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void oversizedDedupKeyActorOrEntityId_isRefusedNamingIt_inMemoryAndOnFile(boolean file) {
    Config.Builder b = Config.builder();
    Config config = (file ? b.directory(dir.resolve("db")) : b.inMemory()).build();
    try (TidalDB db = TidalDB.open(config)) {
      db.createTable(
          new EntityTable(
              "items",
              List.of(
                  new Column(
                      "id",
                      ColumnType.VARCHAR,
                      false,
                      new Column.Facets("VARCHAR", 3, -1, null, false))),
              0));
      db.createSignalType(
          new SignalType(
              "view", "items", List.of(Duration.ofHours(1)), List.of(Duration.ofHours(1))),
          false);
      long ts = 1_800_000_000_000L;
      String big = "k".repeat(1025);
      assertThatThrownBy(() -> db.signal(new Signal("view", "abc", 1.0, ts, big)))
          .isInstanceOfSatisfying(
              TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALUE_TOO_LONG))
          .hasMessageContaining("dedup key")
          .hasMessageContaining("1024");
      assertThatThrownBy(() -> db.signal(new Signal("view", "abc", 1.0, ts, null, big)))
          .isInstanceOfSatisfying(
              TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALUE_TOO_LONG))
          .hasMessageContaining("actor id")
          .hasMessageContaining("1024");
      assertThatThrownBy(() -> db.signal("view", "abcd", 1.0, ts))
          .isInstanceOfSatisfying(
              TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALUE_TOO_LONG))
          .hasMessageContaining("'abcd'")
          .hasMessageContaining("VARCHAR(3)");
      assertThat(db.signal(new Signal("view", "abc", 1.0, ts, "k".repeat(1024)))).isTrue();
      assertThat(db.signal("view", "äöü", 1.0, ts)).isTrue(); // 3 code points, 6 bytes
      assertThat(db.windowedCount("view", "abc", Duration.ofHours(1), ts)).isEqualTo(1);
      assertThat(db.windowedCount("view", "abcd", Duration.ofHours(1), ts)).isZero();
    }
  }
}
