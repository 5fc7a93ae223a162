package io.tidal.schema;

import static io.tidal.schema.SchemaAssertions.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaBuilderTest {
  private static final List<Duration> HOUR = List.of(Duration.ofHours(1));

  @Test
  void build_validSchema_looksUpCaseInsensitively() {
    Schema s =
        Schema.builder()
            .entityTable("items")
            .entityTable("users")
            .signalType("view", "Items", HOUR, List.of(Duration.ofDays(1), Duration.ofHours(1)))
            .signalType("LIKE", "users", HOUR, HOUR)
            .build();
    assertThat(s.requireTable("ITEMS").name()).isEqualTo("items");
    assertThat(s.requireSignalType("Like").table()).isEqualTo("users");
    assertThat(s.signalTypes()).extracting(SignalType::name).containsExactly("view", "like");
  }

  @Test
  void signalType_duplicateNameCaseInsensitive_isDuplicateNamingIt() {
    SchemaBuilder b = Schema.builder().entityTable("items").signalType("view", "items", HOUR, HOUR);
    fails(
        () -> b.signalType("VIEW", "items", HOUR, HOUR), ErrorCode.DUPLICATE_SIGNAL_TYPE, "'view'");
  }

  @Test
  void table_duplicateNameCaseInsensitive_isDuplicateNamingIt() {
    SchemaBuilder b = Schema.builder().entityTable("items");
    fails(() -> b.entityTable("ITEMS"), ErrorCode.DUPLICATE_TABLE, "'items'");
  }

  @Test
  void signalType_unknownTable_isUnknownTableNamingIt() {
    SchemaBuilder b = Schema.builder().entityTable("items");
    fails(() -> b.signalType("view", "itemz", HOUR, HOUR), ErrorCode.UNKNOWN_TABLE, "'itemz'");
  }

  @Test
  void signalType_tableWithoutPrimaryKey_isNoPrimaryKeyNamingTableAndType() {
    SchemaBuilder b =
        Schema.builder()
            .table(
                new EntityTable("log", List.of(new Column("msg", ColumnType.VARCHAR, true)), -1));
    fails(
        () -> b.signalType("view", "log", HOUR, HOUR), ErrorCode.NO_PRIMARY_KEY, "'log'", "'view'");
  }

  @Test
  void signalType_invalidDefinition_failsBeforeTouchingTheBuilder() {
    SchemaBuilder b = Schema.builder().entityTable("items");
    fails(
        () -> b.signalType("view", "items", List.of(Duration.ofDays(4000)), HOUR),
        ErrorCode.INVALID_DURATION,
        "4000d");
    fails(
        () -> b.signalType("bad name", "items", HOUR, HOUR), ErrorCode.INVALID_NAME, "'bad name'");
    assertThat(b.signalType("view", "items", HOUR, HOUR).build().signalTypes()).hasSize(1);
  }
}
