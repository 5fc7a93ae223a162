package io.tidal;

/**
 * A snapshot of engine counters.
 *
 * @param signals signals recorded since open (replayed ones included)
 * @param duplicates signals dropped as duplicates since open
 * @param trackedStates (entity, signal type) pairs with hot state
 * @param walSequence last WAL sequence number written
 * @param checkpointSequence WAL sequence of the last checkpoint
 * @param lastTopKTouched entities touched by the most recent {@link TidalDB#topK} on this database
 */
public record EngineStats(
    long signals,
    long duplicates,
    long trackedStates,
    long walSequence,
    long checkpointSequence,
    long lastTopKTouched) {}
