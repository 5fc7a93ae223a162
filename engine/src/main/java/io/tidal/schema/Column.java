package io.tidal.schema;

import java.util.Objects;

/**
 * One column of an entity table. {@code name} is canonical (lower case).
 *
 * <p>Besides the engine type, a column keeps what its DDL declared ({@link Facets}): the SQL type
 * name as written ({@code TEXT}, {@code CHAR}, {@code SMALLINT}, {@code NUMERIC} ...), a length
 * (CHAR/VARCHAR) or precision (DECIMAL) and a scale, its DEFAULT as SQL text, and whether it is
 * UNIQUE. The engine enforces length, precision/scale and the SMALLINT/TINYINT ranges on every write
 * ({@code io.tidal.engine.RowCodec}); the SQL layer applies the default.
 */
public final class Column {
  /** What the DDL declared beyond the engine type; {@link #NONE} for a plain column. */
  public record Facets(
      String declaredType, int length, int scale, String defaultSql, boolean unique) {
    /** Nothing declared: the engine type's own name, no length, no default, not unique. */
    public static final Facets NONE = new Facets(null, -1, -1, null, false);

    public Facets {
      if (length < -1 || scale < -1) {
        throw io.tidal.TidalException.invalidArgument(
            "length and scale must be >= 0 or -1 (none)", length + "," + scale);
      }
    }

    public Facets withUnique(boolean u) {
      return new Facets(declaredType, length, scale, defaultSql, u);
    }
  }

  private final String name;
  private final ColumnType type;
  private final boolean nullable;
  private final Facets facets;

  public Column(String name, ColumnType type, boolean nullable) {
    this(name, type, nullable, Facets.NONE);
  }

  public Column(String name, ColumnType type, boolean nullable, Facets facets) {
    this.name = Names.canonical("column", name);
    this.type = Objects.requireNonNull(type, "type");
    this.nullable = nullable;
    this.facets = Objects.requireNonNull(facets, "facets");
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

  public Facets facets() {
    return facets;
  }

  /** The SQL type name the DDL used (upper case), or the engine type's name. */
  public String declaredType() {
    return facets.declaredType() != null ? facets.declaredType() : type.name();
  }

  /** Declared CHAR/VARCHAR length or DECIMAL precision, or -1. */
  public int length() {
    return facets.length();
  }

  /** Declared DECIMAL scale, or -1. */
  public int scale() {
    return facets.scale();
  }

  /** The DEFAULT as SQL text (a literal, CURRENT_TIMESTAMP, CURRENT_DATE), or null. */
  public String defaultSql() {
    return facets.defaultSql();
  }

  public boolean unique() {
    return facets.unique();
  }

  /** This column with another nullability (same facets). */
  public Column withNullable(boolean n) {
    return new Column(name, type, n, facets);
  }

  /** This column with another engine type (same facets). */
  public Column withType(ColumnType t) {
    return new Column(name, t, nullable, facets);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c
        && c.name.equals(name)
        && c.type == type
        && c.nullable == nullable
        && c.facets.equals(facets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, nullable, facets);
  }

  @Override
  public String toString() {
    return name
        + " "
        + type
        + (nullable ? "" : " NOT NULL")
        + (facets.equals(Facets.NONE) ? "" : " " + facets);
  }
}
