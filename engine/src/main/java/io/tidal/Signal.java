package io.tidal;

/**
 * One engagement signal: a type, the entity it is about (its primary-key value: {@code String} for a
 * VARCHAR key, {@code Long} for a BIGINT key), a finite weight (negative allowed, e.g. a dislike), a
 * UTC epoch-millisecond timestamp, an optional dedup key and an optional actor (who emitted it: a
 * user's key, free text).
 *
 * <p>Validation (finite weight, timestamp range, known type, key lengths) happens when the signal is
 * written.
 */
public record Signal(
    String type, Object entityKey, double weight, long timestamp, String dedupKey, String actorId) {

  public Signal(String type, Object entityKey, double weight, long timestamp) {
    this(type, entityKey, weight, timestamp, null, null);
  }

  public Signal(String type, Object entityKey, double weight, long timestamp, String dedupKey) {
    this(type, entityKey, weight, timestamp, dedupKey, null);
  }
}
