package io.tidal.schema;

import java.util.Objects;

/** One column of an entity table. {@code name} is canonical (lower case). */
public final class Column {
  private final String name;
  private final ColumnType type;
  private final boolean nullable;

  public Column(String name, ColumnType type, boolean nullable) {
    this.name = Names.canonical("column", name);
    this.type = Objects.requireNonNull(type, "type");
    this.nullable = nullable;
  }

  public String name() {
    return name;
  }

  public ColumnType type() {
    return type;
  }

  public boolean nullable() {
    return nullable;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && c.name.equals(name) && c.type == type && c.nullable == nullable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, nullable);
  }

  @Override
  public String toString() {
    return name + " " + type + (nullable ? "" : " NOT NULL");
  }
}
