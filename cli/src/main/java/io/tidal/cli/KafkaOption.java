package io.tidal.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * {@code ./tidal server DIR --kafka bootstrap=HOST:PORT,topic=signals,group=tidal}: the served
 * database also ingests a Kafka signals topic, exactly once. The ingest lives in the tidal-cluster
 * module (io.tidal.cluster.KafkaIngest, docs/SCALE.md), which depends on this one: it is reached
 * by name, so the driver jar stays free of Kafka and says clearly when the module is missing.
 */
final class KafkaOption {
  static final String FLAG = "--kafka";
  private static final String CONFIG = "io.tidal.cluster.KafkaIngestConfig";
  private static final String INGEST = "io.tidal.cluster.KafkaIngest";

  private KafkaOption() {}

  /** A server start that may fail. */
  interface Start<T> {
    T get() throws java.sql.SQLException;
  }

  /** Runs {@code start}; if it fails, closes {@code ingest} (may be null) and rethrows. */
  static <T> T closeIfFails(AutoCloseable ingest, Start<T> start) throws java.sql.SQLException {
    try {
      return start.get();
    } catch (java.sql.SQLException | RuntimeException e) {
      if (ingest != null) {
        try {
          ingest.close();
        } catch (Exception c) {
          e.addSuppressed(c);
        }
      }
      throw e;
    }
  }

  /** The --kafka value in {@code argv}, or null. */
  static String spec(String[] argv) {
    for (int i = 0; i + 1 < argv.length; i++) {
      if (argv[i].equals(FLAG)) {
        return argv[i + 1];
      }
    }
    return null;
  }

  /**
   * Starts the ingest of {@code spec} into {@code jdbcUrl}; null when {@code spec} is null.
   *
   * @throws CliException naming a bad option, or saying the cluster module is not on the class path
   */
  static AutoCloseable start(String jdbcUrl, String spec, PrintStream out) {
    if (spec == null) {
      return null;
    }
    try {
      Class<?> configClass = Class.forName(CONFIG);
      Object config = configClass.getMethod("parse", String.class).invoke(null, spec);
      Object ingest =
          Class.forName(INGEST)
              .getMethod("start", String.class, configClass)
              .invoke(null, jdbcUrl, config);
      out.println(
          "  kafka:       consuming "
              + config
              + " (exactly once; offsets in table"
              + " tidal_kafka_offsets)");
      return (AutoCloseable) ingest;
    } catch (ClassNotFoundException e) {
      throw CliException.usage(
          FLAG
              + " needs the tidal-cluster module on the class path (./tidal"
              + " builds it when --kafka is given)");
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t instanceof IllegalArgumentException) {
        throw CliException.usage("bad " + FLAG + " value: " + t.getMessage());
      }
      throw new CliException("cannot start the Kafka ingest: " + t.getMessage(), t);
    } catch (ReflectiveOperationException e) {
      throw new CliException(
          "the tidal-cluster module on the class path does not match this" + " driver: " + e, e);
    }
  }
}
