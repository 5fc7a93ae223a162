package io.tidal.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An entity table: named, typed columns and at most one primary-key column (VARCHAR or BIGINT).
 * The primary key is the entity id signals refer to. A table without one is an ordinary table whose
 * rows carry a hidden row id; it cannot receive signals.
 */
public final class EntityTable {
  private final String name;
  private final List<Column> columns;
  private final int keyIndex;

  /** Multi-column UNIQUE constraints (column indexes); one-column ones are column facets. */
  private final List<List<Integer>> tableUniques;

  /** Every UNIQUE constraint: the columns' own, then {@link #tableUniques}. */
  private final List<List<Integer>> uniqueKeys;

  /**
   * @param keyIndex index of the primary-key column in {@code columns}, or -1 for none
   * @throws SchemaException on a bad name, duplicate column, empty column list or a key of another type
   */
  public EntityTable(String name, List<Column> columns, int keyIndex) {
    this(name, columns, keyIndex, List.of());
  }

  /**
   * @param tableUniques UNIQUE constraints over two or more columns, as column indexes
   * @throws SchemaException as the three-argument constructor
   */
  public EntityTable(
      String name, List<Column> columns, int keyIndex, List<List<Integer>> tableUniques) {
    this.name = Names.canonical("table", name);
    if (columns == null || columns.isEmpty() || columns.size() > 1000) {
      throw SchemaException.invalidList(
          "columns", this.name, columns == null ? 0 : columns.size(), 1000);
    }
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw SchemaException.duplicateColumn(this.name, c.name());
      }
    }
    if (keyIndex < -1 || keyIndex >= columns.size()) {
      throw io.tidal.TidalException.invalidArgument(
          "primary key index of table "
              + io.tidal.TidalException.quote(this.name)
              + " must be -1 or a column index",
          keyIndex);
    }
    List<Column> cols = new ArrayList<>(columns);
    if (keyIndex >= 0) {
      Column key = cols.get(keyIndex);
      if (!key.type().canBeKey()) {
        throw SchemaException.badPrimaryKey(this.name, key.name(), key.type());
      }
      cols.set(keyIndex, key.withNullable(false));
    }
    this.columns = List.copyOf(cols);
    this.keyIndex = keyIndex;
    List<List<Integer>> tu = new ArrayList<>();
    for (List<Integer> u : tableUniques) {
      for (int i : u) {
        if (i < 0 || i >= cols.size()) {
          throw io.tidal.TidalException.invalidArgument(
              "UNIQUE column index of table " + io.tidal.TidalException.quote(this.name), i);
        }
      }
      tu.add(List.copyOf(u));
    }
    this.tableUniques = List.copyOf(tu);
    List<List<Integer>> all = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).unique() && i != keyIndex) {
        all.add(List.of(i));
      }
    }
    all.addAll(this.tableUniques);
    this.uniqueKeys = List.copyOf(all);
  }

  /** UNIQUE constraints over two or more columns (column indexes). */
  public List<List<Integer>> tableUniques() {
    return tableUniques;
  }

  /**
   * Every UNIQUE constraint other than the primary key, as column indexes: one-column ones
   * (declared on the column) first. NULLs never collide (SQL: a UNIQUE column may hold many NULLs).
   */
  public List<List<Integer>> uniqueKeys() {
    return uniqueKeys;
  }

  /** A table with one VARCHAR primary key column {@code id} and nothing else. */
  public static EntityTable keyOnly(String name) {
    return new EntityTable(name, List.of(new Column("id", ColumnType.VARCHAR, false)), 0);
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  /** Index of the primary-key column, or -1 when the table has none. */
  public int keyIndex() {
    return keyIndex;
  }

  public boolean hasPrimaryKey() {
    return keyIndex >= 0;
  }

  /** Type of the primary key; only when {@link #hasPrimaryKey()}. */
  public ColumnType keyType() {
    return columns.get(keyIndex).type();
  }

  /** Index of the column named {@code name} (case-insensitive), or -1. */
  public int columnIndex(String name) {
    String n = Names.lookup(name);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(n)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityTable t
        && t.name.equals(name)
        && t.columns.equals(columns)
        && t.keyIndex == keyIndex
        && t.tableUniques.equals(tableUniques);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, columns, keyIndex, tableUniques);
  }

  @Override
  public String toString() {
    return "EntityTable["
        + name
        + " "
        + columns
        + (keyIndex >= 0 ? " key=" + columns.get(keyIndex).name() : "")
        + "]";
  }
}
