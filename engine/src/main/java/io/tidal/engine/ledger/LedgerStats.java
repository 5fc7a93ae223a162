package io.tidal.engine.ledger;

/**
 * Memory accounting of a ledger, from its own layout (no agent): state arrays are {@code 16 + 8 *
 * slots} bytes, hash tables {@code 16 + 12 * capacity}, a rank index entry ~72 bytes (a 32-byte
 * entry object, a 24-byte skip-list node, ~16 bytes of index levels on average).
 *
 * @param states tracked (entity, type) states
 * @param stateBytes sum of the state arrays
 * @param medianStateBytes median state array size
 * @param tableBytes hash tables mapping ids to states
 * @param indexEntries entries over all rank indexes
 * @param indexBytes estimated bytes of the rank indexes
 */
public record LedgerStats(
    long states,
    long stateBytes,
    long medianStateBytes,
    long tableBytes,
    long indexEntries,
    long indexBytes) {

  /** Median bytes per tracked state: median array plus the average hash-table share. */
  public double medianBytesPerState() {
    return states == 0 ? 0 : medianStateBytes + (double) tableBytes / states;
  }
}
