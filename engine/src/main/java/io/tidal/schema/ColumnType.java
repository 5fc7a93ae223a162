package io.tidal.schema;

import java.math.BigDecimal;

/**
 * Column types of entity tables and the Java class that carries each value inside the engine. The
 * representations are the ones Calcite uses internally, so the SQL layer passes values through:
 * TIMESTAMP is UTC epoch milliseconds, DATE is days since 1970-01-01, TIME is milliseconds of the day,
 * VARBINARY is a {@link Binary} (the SQL layer converts Calcite's ByteString at its boundary).
 */
public enum ColumnType {
  VARCHAR(String.class),
  BIGINT(Long.class),
  INTEGER(Integer.class),
  DOUBLE(Double.class),
  DECIMAL(BigDecimal.class),
  BOOLEAN(Boolean.class),
  /** UTC epoch milliseconds. */
  TIMESTAMP(Long.class),
  /** Days since 1970-01-01. */
  DATE(Integer.class),
  /** Milliseconds since midnight, 0 to 86,399,999 (a time of day, no zone). */
  TIME(Integer.class),
  /** A byte string (declared BINARY(n), VARBINARY(n) or BLOB). */
  VARBINARY(Binary.class);

  private final Class<?> javaClass;

  ColumnType(Class<?> javaClass) {
    this.javaClass = javaClass;
  }

  /** The class of non-null values of this type inside the engine. */
  public Class<?> javaClass() {
    return javaClass;
  }

  /** Whether a primary key may have this type (the key is the entity id that signals refer to). */
  public boolean canBeKey() {
    return this == VARCHAR || this == BIGINT;
  }
}
