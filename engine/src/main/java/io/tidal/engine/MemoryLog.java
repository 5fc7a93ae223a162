package io.tidal.engine;

import java.util.List;

/**
 * The {@link WriteLog} of an in-memory database: nothing is written; sequence numbers count records.
 * Duplicates never reach a log (the engine drops them by dedup key first, see {@link Dedup}).
 */
final class MemoryLog implements WriteLog {
  private long seq;

  @Override
  public synchronized long[] append(List<WriteOp> ops) {
    long[] seqs = new long[ops.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = ++seq;
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

  @Override
  public synchronized long sequence() {
    return seq;
  }

  @Override
  public void close() {}
}
