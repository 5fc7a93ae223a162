package io.tidal.engine;

import io.tidal.metrics.DatabaseMBean;
import io.tidal.metrics.Metrics;

/**
 * Wires an open engine's gauges and counters into its {@link Metrics} (after the timers the engine
 * and the driver record into) and registers its JMX MBean; {@link EngineOpener#release} unregisters
 * it.
 */
final class EngineMetrics {
  private EngineMetrics() {}

  /**
   * Called at the end of a successful open: {@code openNanos} the whole open, {@code recoveryNanos}
   * the WAL replay, {@code replayed} the records it applied.
   */
  static void install(Engine e, long openNanos, long recoveryNanos, long replayed) {
    Metrics m = e.metrics;
    m.directory(e.config.directory());
    m.register("signals", "counter", () -> e.stats().signals());
    m.register("duplicates", "counter", () -> e.stats().duplicates());
    m.register("tracked_states", "gauge", e.ledger::stateCount);
    m.register("entities", "gauge", () -> entities(e));
    m.register("rows", "gauge", () -> rows(e));
    m.register("wal_sequence", "gauge", e.log::sequence);
    m.register("checkpoint_sequence", "gauge", e.checkpointer::checkpointSeq);
    m.register("open_us", "gauge", () -> openNanos / 1000);
    m.register("recovery_us", "gauge", () -> recoveryNanos / 1000);
    m.register("recovery_records", "gauge", () -> replayed);
    e.mbean = DatabaseMBean.register(m, e.config.name());
  }

  /** Entries of the entity dictionaries (one per key ever given a dense id, over all tables). */
  private static long entities(Engine e) {
    long n = 0;
    for (TableData td : e.tables.values()) {
      if (td.dictionary != null) {
        n += td.dictionary.size();
      }
    }
    return n;
  }

  private static long rows(Engine e) {
    long n = 0;
    for (TableData td : e.tables.values()) {
      n += td.rows.size();
    }
    return n;
  }
}
