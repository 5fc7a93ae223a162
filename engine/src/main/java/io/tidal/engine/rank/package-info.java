/**
 * Ranking: ordered indexes of rank keys ({@link io.tidal.engine.rank.RankIndex}; forward-decay keys in
 * {@link io.tidal.engine.rank.DecayKeys}), the exact threshold-algorithm walk over them
 * ({@link io.tidal.engine.rank.ThresholdTopK}) and the top-K request and answer types
 * ({@link io.tidal.engine.rank.RankTerm}, {@link io.tidal.engine.rank.TopKResult}). Knows nothing of how states
 * are stored: the ledger supplies indexes, bounds and random access.
 */
package io.tidal.engine.rank;
