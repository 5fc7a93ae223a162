/**
 * The write-ahead log: {@link io.tidal.engine.wal.Wal} appends {@link io.tidal.engine.wal.WalRecord}s durably with
 * group commit and BLAKE3-checked entries, replays them on open, deduplicates signals by content,
 * and truncates at checkpoints. Format: {@code WalFormat} and docs/FORMATS.md.
 */
package io.tidal.engine.wal;
