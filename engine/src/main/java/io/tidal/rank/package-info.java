/**
 * Ranking: ordered indexes of rank keys ({@link io.tidal.rank.RankIndex}; forward-decay keys in
 * {@link io.tidal.rank.DecayKeys}), the exact threshold-algorithm walk over them
 * ({@link io.tidal.rank.ThresholdTopK}) and the top-K request and answer types
 * ({@link io.tidal.rank.RankTerm}, {@link io.tidal.rank.TopKResult}). Knows nothing of how states
 * are stored: the ledger supplies indexes, bounds and random access.
 */
package io.tidal.rank;
