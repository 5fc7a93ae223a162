package io.tidal;

/** When a write is acknowledged. */
public enum Durability {
  /** After its WAL batch is fsync'd (group commit): survives process kill and power loss. The default. */
  SYNC,
  /** After its WAL batch is written; fsync at most every 10 ms: survives process kill, may lose the last batches on power loss. */
  ASYNC
}
