package io.tidal.calcite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Counters of components that run next to a file database in the same JVM (the cluster module's
 * Kafka ingest), listed in {@code sys.stats} after the engine's own rows. Keyed by the database
 * directory; a source stays listed until it is unregistered.
 */
public final class StatsSources {
  private static final Map<Path, List<Supplier<Map<String, Long>>>> SOURCES =
      new ConcurrentHashMap<>();

  private StatsSources() {}

  /**
   * Lists {@code source}'s counters (name -> value, in its map's order) in the {@code sys.stats} of
   * the database in {@code directory} until the returned action is run.
   */
  public static Runnable register(Path directory, Supplier<Map<String, Long>> source) {
    Path key = key(directory);
    SOURCES.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(source);
    return () ->
        SOURCES.computeIfPresent(
            key,
            (k, list) -> {
              list.remove(source);
              return list.isEmpty() ? null : list;
            });
  }

  /** The extra rows for the database in {@code directory} (null: an in-memory database). */
  static List<Object[]> rows(Path directory) {
    List<Object[]> rows = new ArrayList<>();
    if (directory == null) {
      return rows;
    }
    for (Supplier<Map<String, Long>> s : SOURCES.getOrDefault(key(directory), List.of())) {
      s.get().forEach((name, value) -> rows.add(new Object[] {name, value}));
    }
    return rows;
  }

  private static Path key(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
