package io.tidal.engine.wal;

import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.codec.digest.Blake3;

/**
 * Drops signals whose dedup key and content repeat one logged within the horizon.
 *
 * <p>Design: two generations of 128-bit content hashes, current and previous. A hash is a
 * duplicate if either generation holds it. When the current generation is one horizon old (by the
 * injected wall clock) it becomes the previous one and the old previous one is forgotten; so a key
 * is remembered at least one horizon and at most two. The hash is BLAKE3 over every signal field
 * (type, entity key, weight bits, timestamp, dedup key), each length-prefixed, so a repeat with any
 * different field is a new signal. Signals without a dedup key are never hashed or dropped.
 *
 * <p>Across a restart the sets are rebuilt from the records that recovery reads (every retained
 * segment, not only the replayed part), placed into generations by their batch's commit time.
 * What is lost: keys whose records sat in segments already deleted by checkpoint truncation (older
 * than the checkpoint before last, or older than the last scrubbing checkpoint, which deletes every
 * segment before it), so with checkpoints more frequent than the horizon a repeat of such an old
 * signal after a restart is accepted as new.
 *
 * <p>Not thread-safe: {@link Wal} calls it under its append lock.
 */
final class DedupFilter {
  /** A 128-bit content hash. */
  record Hash(long hi, long lo) {}

  private final long horizonMillis;
  private Set<Hash> current = new HashSet<>();
  private Set<Hash> previous = new HashSet<>();
  private long currentStart;

  DedupFilter(long horizonMillis, long nowMillis) {
    this.horizonMillis = horizonMillis;
    this.currentStart = nowMillis;
  }

  /** Rotates the generations if the current one has reached the horizon. */
  void advance(long nowMillis) {
    long age = nowMillis - currentStart;
    if (age < horizonMillis) {
      return;
    }
    previous = age >= 2 * horizonMillis ? new HashSet<>() : current;
    current = new HashSet<>();
    currentStart = nowMillis;
  }

  /** True if {@code h} was seen within the horizon; otherwise remembers it and returns false. */
  boolean seenOrAdd(Hash h) {
    if (previous.contains(h)) {
      return true;
    }
    return !current.add(h);
  }

  /** Restores a hash logged at {@code commitMillis} during recovery (before any append). */
  void restore(Hash h, long commitMillis) {
    long age = currentStart - commitMillis;
    if (age < horizonMillis) {
      current.add(h);
    } else if (age < 2 * horizonMillis) {
      previous.add(h);
    }
  }

  int size() {
    return current.size() + previous.size();
  }

  /** The content hash of a signal, computed with the caller's hasher. */
  static Hash hash(SignalRecord s, Blake3 hasher, byte[] scratch16) {
    hasher.reset();
    byte[] type = s.type().getBytes(StandardCharsets.UTF_8);
    byte[] dedup =
        s.dedupKey() == null ? new byte[0] : s.dedupKey().getBytes(StandardCharsets.UTF_8);
    byte[] fixed = new byte[8 * 2 + 4 * 3];
    WalFormat.putInt(fixed, 0, type.length);
    WalFormat.putInt(fixed, 4, s.entityKey().length);
    WalFormat.putInt(fixed, 8, dedup.length);
    WalFormat.putLong(fixed, 12, Double.doubleToLongBits(s.weight()));
    WalFormat.putLong(fixed, 20, s.timestamp());
    hasher.update(fixed).update(type).update(s.entityKey()).update(dedup);
    hasher.doFinalize(scratch16, 0, 16);
    return new Hash(WalFormat.getLong(scratch16, 0), WalFormat.getLong(scratch16, 8));
  }
}
