package io.tidal.schema;

import static io.tidal.schema.SchemaAssertions.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityTableTest {
  private static Column col(String name, ColumnType type) {
    return new Column(name, type, true);
  }

  @Test
  void constructor_badTableOrColumnName_isInvalidNameNamingIt() {
    fails(
        () -> new EntityTable("1items", List.of(col("id", ColumnType.VARCHAR)), 0),
        ErrorCode.INVALID_NAME,
        "table",
        "'1items'");
    fails(() -> col("my col", ColumnType.VARCHAR), ErrorCode.INVALID_NAME, "column", "'my col'");
  }

  @Test
  void constructor_duplicateColumn_caseInsensitive_isDuplicateColumnNamingIt() {
    fails(
        () ->
            new EntityTable(
                "items",
                List.of(
                    col("id", ColumnType.VARCHAR),
                    col("Title", ColumnType.VARCHAR),
                    col("TITLE", ColumnType.BIGINT)),
                0),
        ErrorCode.DUPLICATE_COLUMN,
        "'title'",
        "'items'");
  }

  @Test
  void constructor_nonKeyablePrimaryKeyType_isRejectedNamingColumnAndType() {
    for (ColumnType t : ColumnType.values()) {
      List<Column> cols = List.of(col("k", t));
      if (t.canBeKey()) {
        assertThat(new EntityTable("items", cols, 0).keyType()).isEqualTo(t);
      } else {
        fails(
            () -> new EntityTable("items", cols, 0),
            ErrorCode.INVALID_VALUE,
            "'k'",
            "'items'",
            t.name());
      }
    }
  }

  @Test
  void constructor_emptyOrHugeColumnList_isInvalidList() {
    fails(
        () -> new EntityTable("items", List.of(), -1),
        ErrorCode.INVALID_LIST,
        "columns",
        "'items'",
        "count=0");
    List<Column> many = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      many.add(col("c" + i, ColumnType.INTEGER));
    }
    fails(() -> new EntityTable("items", many, -1), ErrorCode.INVALID_LIST, "count=1001");
  }

  @Test
  void constructor_keyIndexOutOfRange_isInvalidArgumentNamingIt() {
    fails(
        () -> new EntityTable("items", List.of(col("id", ColumnType.VARCHAR)), 1),
        ErrorCode.INVALID_ARGUMENT,
        "'items'",
        "value=1");
    fails(
        () -> new EntityTable("items", List.of(col("id", ColumnType.VARCHAR)), -2),
        ErrorCode.INVALID_ARGUMENT,
        "value=-2");
  }

  @Test
  void primaryKey_isMadeNotNull_andLookupIsCaseInsensitive() {
    EntityTable t =
        new EntityTable(
            "Items", List.of(col("title", ColumnType.VARCHAR), col("ID", ColumnType.BIGINT)), 1);
    assertThat(t.name()).isEqualTo("items");
    assertThat(t.columns().get(1).nullable()).isFalse();
    assertThat(t.columnIndex("Id")).isEqualTo(1);
    assertThat(t.columnIndex("nope")).isEqualTo(-1);
    assertThat(t.hasPrimaryKey()).isTrue();
    assertThat(new EntityTable("log", List.of(col("msg", ColumnType.VARCHAR)), -1).hasPrimaryKey())
        .isFalse();
  }
}
