package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * The JDBC batch failure: a {@link BatchUpdateException} carrying the SQLState and message of the
 * statement that failed, the failure as its cause, and the update counts of the statements that ran
 * before it (so {@code getUpdateCounts().length} is the index of the failing statement). tidal stops
 * at the first failure; whether the counted statements stay applied is the caller's rule (batch
 * atomic in autocommit mode: no; in an open transaction: yes, until rollback).
 */
final class Batches {
  private Batches() {}

  static BatchUpdateException failure(Throwable cause, long[] countsSoFar) {
    if (cause instanceof BatchUpdateException b) {
      return b;
    }
    SQLException e = SqlStates.convert(cause);
    return new BatchUpdateException(
        "batch statement " + (countsSoFar.length + 1) + " failed: " + e.getMessage(),
        e.getSQLState(),
        e.getErrorCode(),
        countsSoFar,
        e);
  }

  static int[] toInts(long[] counts) {
    int[] out = new int[counts.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
    }
    return out;
  }
}
