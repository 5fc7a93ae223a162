package io.tidal.schema;

import static io.tidal.schema.SchemaAssertions.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {
  private static final List<Duration> HOUR = List.of(Duration.ofHours(1));
  private final Schema base =
      Schema.builder().entityTable("items").signalType("view", "items", HOUR, HOUR).build();

  @Test
  void require_unknownNames_failNamingThem() {
    fails(() -> base.requireTable("users"), ErrorCode.UNKNOWN_TABLE, "'users'");
    fails(() -> base.requireSignalType("like"), ErrorCode.UNKNOWN_SIGNAL_TYPE, "'like'");
    assertThat(base.table("ITEMS")).isPresent();
    assertThat(base.signalType(null)).isEmpty();
  }

  @Test
  void withoutTable_usedBySignalType_isObjectInUseNamingBoth() {
    fails(() -> base.withoutTable("items"), ErrorCode.OBJECT_IN_USE, "'items'", "'view'");
    assertThat(base.withoutSignalType("view").withoutTable("items").tables()).isEmpty();
    fails(() -> base.withoutSignalType("nope"), ErrorCode.UNKNOWN_SIGNAL_TYPE, "'nope'");
  }

  @Test
  void withSignalType_replaceOrFail() {
    SignalType daily = new SignalType("view", "items", List.of(Duration.ofDays(1)), HOUR);
    fails(() -> base.withSignalType(daily, false), ErrorCode.DUPLICATE_SIGNAL_TYPE, "'view'");
    Schema replaced = base.withSignalType(daily, true);
    assertThat(replaced.requireSignalType("view")).isEqualTo(daily);
    assertThat(base.requireSignalType("view")).isNotEqualTo(daily);
    fails(() -> base.withTable(EntityTable.keyOnly("Items")), ErrorCode.DUPLICATE_TABLE, "'items'");
  }

  @Test
  void equality_isByContent() {
    Schema same =
        Schema.builder().entityTable("ITEMS").signalType("VIEW", "items", HOUR, HOUR).build();
    assertThat(same).isEqualTo(base).hasSameHashCodeAs(base);
    assertThat(Schema.empty().tables()).isEmpty();
  }
}
