/**
 * Calcite over the tidal engine: the {@link io.tidal.calcite.TidalSchema} (entity tables, the
 * {@code SIGNALS} table, the {@code SYS} views), the function library ({@code DECAY_SCORE},
 * {@code WINDOWED_COUNT}, {@code VELOCITY}) and the planner rules ({@link io.tidal.calcite.TidalRules}).
 * Knows nothing of JDBC: the SQL layer supplies a {@link io.tidal.calcite.TidalSession} per connection.
 */
package io.tidal.calcite;
