package io.tidal.engine.rank;

import java.util.List;

/**
 * A top-K answer: entries best first (score descending, then entity id ascending) and how many
 * entities the walk touched: index entries read plus entities read by a scan. A top-K answered from
 * the indexes touches about K entries (plus those the filter rejected); a scan touches them all.
 */
public record TopKResult(List<Ranked> entries, long touched) {
  public TopKResult {
    entries = List.copyOf(entries);
  }
}
