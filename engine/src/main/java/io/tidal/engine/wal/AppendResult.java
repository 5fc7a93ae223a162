package io.tidal.engine.wal;

import java.util.Arrays;

/**
 * What {@link Wal#append} did with each record of one call: logged ("new") with a sequence number,
 * or dropped as a duplicate. New records got consecutive sequence numbers in call order, starting at
 * {@link #firstSequence()}.
 */
public final class AppendResult {
  private final long firstSequence;
  private final boolean[] isNew;
  private final int newCount;

  AppendResult(long firstSequence, boolean[] isNew, int newCount) {
    this.firstSequence = firstSequence;
    this.isNew = isNew;
    this.newCount = newCount;
  }

  /** The sequence of the first new record; if none is new, the sequence the next record will get. */
  public long firstSequence() {
    return firstSequence;
  }

  /** How many records the call had. */
  public int size() {
    return isNew.length;
  }

  /** How many were logged (not dropped as duplicates). */
  public int newCount() {
    return newCount;
  }

  /** Whether record {@code i} of the call was logged; false means it was a duplicate and dropped. */
  public boolean isNew(int i) {
    return isNew[i];
  }

  /** The sequence of record {@code i}, or -1 if it was dropped as a duplicate. */
  public long sequence(int i) {
    if (!isNew[i]) {
      return -1;
    }
    long s = firstSequence;
    for (int j = 0; j < i; j++) {
      if (isNew[j]) {
        s++;
      }
    }
    return s;
  }

  @Override
  public String toString() {
    return "AppendResult[first="
        + firstSequence
        + ", new="
        + newCount
        + "/"
        + isNew.length
        + (newCount == isNew.length ? "" : ", " + Arrays.toString(isNew))
        + "]";
  }
}
