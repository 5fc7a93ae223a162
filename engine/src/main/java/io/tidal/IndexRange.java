package io.tidal;

/**
 * A range of values of an indexed column for {@link RowWriter#indexCandidates}: a null bound is
 * unbounded; {@code lo == hi} with both inclusive is one value. Values are in the engine
 * representation of the column's type (Integer for INTEGER, Long for BIGINT and TIMESTAMP ...).
 */
public record IndexRange(Object lo, boolean loInclusive, Object hi, boolean hiInclusive) {
  /** The range holding exactly {@code v}. */
  public static IndexRange point(Object v) {
    return new IndexRange(v, true, v, true);
  }
}
