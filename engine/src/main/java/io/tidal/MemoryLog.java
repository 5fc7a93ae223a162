package io.tidal;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link WriteLog} of an in-memory database: nothing is written; sequence numbers count records
 * and signals with a dedup key are remembered in two generations of {@code horizon} each (so a key is
 * remembered at least {@code horizon} and at most twice that, by the configured clock). A signal's
 * dedup identity is its whole content: type, entity key, weight, timestamp and dedup key.
 */
final class MemoryLog implements WriteLog {
  private final InstantSource clock;
  private final long horizonMs;
  private Set<List<Object>> current = new HashSet<>();
  private Set<List<Object>> previous = new HashSet<>();
  private long generationStart;
  private long seq;

  MemoryLog(InstantSource clock, Duration horizon) {
    this.clock = clock;
    this.horizonMs = horizon.toMillis();
    this.generationStart = clock.millis();
  }

  @Override
  public synchronized long[] append(List<WriteOp> ops) {
    rotate();
    boolean[] fresh = new boolean[ops.size()];
    Set<List<Object>> inBatch = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      fresh[i] = true;
      if (ops.get(i) instanceof WriteOp.Sig s && s.dedupKey() != null) {
        List<Object> id = List.of(s.type().name(), s.key(), s.weight(), s.timestamp(), s.dedupKey());
        fresh[i] = !current.contains(id) && !previous.contains(id) && inBatch.add(id);
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      if (fresh[i] && ops.get(i) instanceof WriteOp.Sig s && s.dedupKey() != null) {
        current.add(List.of(s.type().name(), s.key(), s.weight(), s.timestamp(), s.dedupKey()));
      }
    }
    long[] seqs = new long[ops.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = fresh[i] ? ++seq : -1;
    }
    return seqs;
  }

  @Override
  public void checkpoint(long upTo) {}

  @Override
  public void checkpoint(long upTo, boolean keepNone) {}

  @Override
  public void startSegment() {}

  @Override
  public void sync() {}

  private void rotate() {
    long now = clock.millis();
    if (now - generationStart >= horizonMs) {
      previous = now - generationStart >= 2 * horizonMs ? new HashSet<>() : current;
      current = new HashSet<>();
      generationStart = now;
    }
  }

  @Override
  public synchronized long sequence() {
    return seq;
  }

  @Override
  public void close() {}
}
