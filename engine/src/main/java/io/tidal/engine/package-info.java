/**
 * tidal's engine implementation behind the {@link io.tidal.TidalDB} API: {@link
 * io.tidal.engine.Engine} and its write path ({@code WriteLog}, {@code DurableLog}), checkpoints
 * ({@code Checkpointer}, {@code StateStore}), the warm tier ({@code WarmSignals}), the catalog and
 * row codecs and the secondary indexes; subpackages hold the ledger, the rank indexes, the WAL, the
 * storage and the file layer. Nothing here is API: applications and the other modules use {@code
 * io.tidal}, {@code io.tidal.schema} and {@code io.tidal.metrics} (docs/ARCHITECTURE.md).
 */
package io.tidal.engine;
