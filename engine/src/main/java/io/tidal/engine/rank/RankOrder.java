package io.tidal.engine.rank;

import java.util.Iterator;

/**
 * Entries in a {@link RankIndex}'s order, best first: one index, or the merge of several ({@link
 * GroupedIndex#merged}). What a {@link ThresholdTopK} walk reads by sorted access.
 */
@FunctionalInterface
public interface RankOrder {
  /** The entries best first, weakly consistent like {@link RankIndex#iterator()}. */
  Iterator<RankIndex.Entry> iterator();
}
