package io.tidal.calcite;

import io.tidal.metrics.DirectorySources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Counters of components that run next to a file database in the same JVM (the cluster module's
 * Kafka ingest), listed in {@code sys.stats} after the engine's own rows, and in {@code
 * sys.metrics} and the JMX MBean ({@link DirectorySources}). Keyed by the database directory; a
 * source stays listed until it is unregistered.
 */
public final class StatsSources {
  private StatsSources() {}

  /**
   * Lists {@code source}'s counters (name -> value, in its map's order) in the {@code sys.stats} of
   * the database in {@code directory} until the returned action is run.
   */
  public static Runnable register(Path directory, Supplier<Map<String, Long>> source) {
    return DirectorySources.register(directory, source);
  }

  /** The extra rows for the database in {@code directory} (null: an in-memory database). */
  static List<Object[]> rows(Path directory) {
    List<Object[]> rows = new ArrayList<>();
    for (Supplier<Map<String, Long>> s : DirectorySources.of(directory)) {
      s.get().forEach((name, value) -> rows.add(new Object[] {name, value}));
    }
    return rows;
  }
}
