package io.tidal.tests.fuzz;

/**
 * One statement the fuzz sends, with what it does to the model if the database accepts it.
 *
 * @param sql the text
 * @param effect applied after a successful execution with its update count (it may throw an
 *     {@link AssertionError} when the count or the success itself contradicts the model); null when
 *     the effect is unknown (generated over scratch objects, reads, mutations)
 * @param origin how it was made (for the report): a grammar rule name, or "mutated:rule"
 * @param params the parameters when the statement runs as a PreparedStatement, else null
 */
record FuzzStatement(String sql, Effect effect, String origin, java.util.List<Object> params) {

  FuzzStatement(String sql, Effect effect, String origin) {
    this(sql, effect, origin, null);
  }

  /** The effect of a successful statement on the model. */
  interface Effect {
    void apply(FuzzModel model, long updateCount);
  }

  static FuzzStatement unknown(String sql, String origin) {
    return new FuzzStatement(sql, null, origin);
  }
}
