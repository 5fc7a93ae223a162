package io.tidal.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Counters of components that run next to a file database in the same JVM (the cluster module's
 * Kafka ingest), keyed by the database directory, so that they can register before or after the
 * database opens: listed in its {@code sys.stats}, {@code sys.metrics} and JMX MBean until
 * unregistered.
 */
public final class DirectorySources {
  private static final Map<Path, List<Supplier<Map<String, Long>>>> SOURCES =
      new ConcurrentHashMap<>();

  private DirectorySources() {}

  /** Lists {@code source}'s counters (name -> value) for {@code directory} until the action runs. */
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

  /** The sources registered for {@code directory} (none for null: an in-memory database). */
  public static List<Supplier<Map<String, Long>>> of(Path directory) {
    return directory == null ? List.of() : SOURCES.getOrDefault(key(directory), List.of());
  }

  private static Path key(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
