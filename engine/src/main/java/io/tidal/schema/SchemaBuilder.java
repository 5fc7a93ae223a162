package io.tidal.schema;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Schema}, validating eagerly: each call fails at once with a {@link SchemaException}
 * naming the offending value (bad identifier, duplicate name, non-positive or absurd duration, empty
 * list, signal type on an unknown table or on a table without a primary key).
 *
 * <pre>{@code
 * Schema s = Schema.builder()
 *     .table(EntityTable.keyOnly("items"))
 *     .signalType("view", "items", List.of(Duration.ofHours(1)), List.of(Duration.ofDays(1)))
 *     .build();
 * }</pre>
 */
public final class SchemaBuilder {
  private final Map<String, EntityTable> tables = new LinkedHashMap<>();
  private final Map<String, SignalType> signalTypes = new LinkedHashMap<>();
  private final Map<String, View> views = new LinkedHashMap<>();
  private final Map<String, Index> indexes = new LinkedHashMap<>();

  SchemaBuilder() {}

  /** Starts from the content of {@code schema}. */
  public SchemaBuilder from(Schema schema) {
    for (EntityTable t : schema.tables()) {
      tables.put(t.name(), t);
    }
    for (SignalType s : schema.signalTypes()) {
      signalTypes.put(s.name(), s);
    }
    for (View v : schema.views()) {
      views.put(v.name(), v);
    }
    for (Index i : schema.indexes()) {
      indexes.put(i.name(), i);
    }
    return this;
  }

  public SchemaBuilder table(EntityTable table) {
    if (tables.containsKey(table.name()) || views.containsKey(table.name())) {
      throw SchemaException.duplicateTable(table.name());
    }
    tables.put(table.name(), table);
    return this;
  }

  /** Shorthand for a table with only a VARCHAR primary key {@code id}. */
  public SchemaBuilder entityTable(String name) {
    return table(EntityTable.keyOnly(name));
  }

  public SchemaBuilder signalType(SignalType type) {
    if (signalTypes.containsKey(type.name())) {
      throw SchemaException.duplicateSignalType(type.name());
    }
    EntityTable t = tables.get(type.table());
    if (t == null) {
      throw SchemaException.unknownTable(type.table());
    }
    if (!t.hasPrimaryKey()) {
      throw SchemaException.noPrimaryKey(t.name(), type.name());
    }
    if (type.isRollup()) {
      checkRollup(type, t);
    }
    signalTypes.put(type.name(), type);
    return this;
  }

  /**
   * A roll-up's source exists and is not itself a roll-up (a roll-up of a roll-up is refused: the
   * chain would resolve a column of a row that the first roll-up's signal never had), and its column
   * exists in the source's table with a type that converts exactly to the target's key type.
   */
  private void checkRollup(SignalType type, EntityTable target) {
    SignalType source = signalTypes.get(type.rollupOf());
    if (source == null) {
      throw SchemaException.unknownSignalType(type.rollupOf());
    }
    if (source.isRollup()) {
      throw SchemaException.invalidRollup(
          type.name(),
          "its source "
              + type.rollupOf()
              + " is itself a roll-up (a roll-up of a roll-up is not supported; roll up the original type)");
    }
    EntityTable from = tables.get(source.table());
    int col = from.columnIndex(type.rollupBy());
    if (col < 0) {
      throw SchemaException.unknownColumn(from.name(), type.rollupBy());
    }
    ColumnType found = from.columns().get(col).type();
    ColumnType key = target.keyType();
    boolean fits =
        key == ColumnType.VARCHAR
            ? found == ColumnType.VARCHAR
            : found == ColumnType.BIGINT || found == ColumnType.INTEGER;
    if (!fits) {
      throw SchemaException.rollupColumnType(type.name(), from.name(), type.rollupBy(), found, key);
    }
  }

  public SchemaBuilder signalType(
      String name, String table, List<Duration> halfLives, List<Duration> windows) {
    return signalType(new SignalType(name, table, halfLives, windows));
  }

  SchemaBuilder removeSignalType(String name) {
    signalTypes.remove(Names.lookup(name));
    return this;
  }

  public Schema build() {
    return new Schema(tables, signalTypes, views, indexes);
  }
}
