package io.tidal;

import java.util.List;

/**
 * The answer of {@link TidalDB#topK}: ranked entities, best first, and how many entities the walk
 * touched (read from an index or checked by the filter), the proof that nothing was scanned.
 */
public record RankResult(List<Entry> entries, long touched) {

  public RankResult {
    entries = List.copyOf(entries);
  }

  /** One ranked entity: its key and its score at the query's {@code at}. */
  public record Entry(Object key, double score) {}
}
