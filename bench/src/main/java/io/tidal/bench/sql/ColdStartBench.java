package io.tidal.bench.sql;

import io.tidal.Config;
import io.tidal.TidalDB;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Random;

/**
 * The first ranked query in a fresh JVM (issue 18): {@code make DIR} writes a database of 100,000
 * items and 300,000 signals and checkpoints it; {@code run DIR} (in a new JVM each time) opens it
 * and runs a top-10 by decay, printing JVM start to {@code main}, {@code getConnection}, the first
 * query and JVM start to its rows, with the main thread's and the process's CPU time (less distorted
 * than wall time on a shared machine); {@code open DIR} opens the engine alone ({@code TidalDB}). Run it on the shaded jar alone, with and without an AppCDS
 * archive: {@code java [-XX:SharedArchiveFile=a.jsa] -cp tidal-jdbc.jar:bench.jar
 * io.tidal.bench.sql.ColdStartBench run DIR} (archives need a class path of jars only).
 */
public final class ColdStartBench {
  private ColdStartBench() {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:tidal:" + args[1];
    if (args[0].equals("make")) {
      make(url);
      return;
    }
    long start = ManagementFactory.getRuntimeMXBean().getStartTime();
    long main = System.currentTimeMillis();
    long cpu0 = threadCpuMs();
    if (args[0].equals("open")) { // the engine alone, through the Java API
      try (TidalDB db = TidalDB.open(Config.builder().directory(Path.of(args[1])).build())) {
        long open = System.currentTimeMillis();
        System.out.printf(
            Locale.ROOT,
            "JVM->main %d ms, TidalDB.open %d ms (main thread CPU %d ms), process CPU %d ms%n",
            main - start,
            open - main,
            threadCpuMs() - cpu0,
            processCpuMs());
      }
      return;
    }
    try (Connection c = DriverManager.getConnection(url)) {
      long open = System.currentTimeMillis();
      long cpu1 = threadCpuMs();
      int n = 0;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT id, title, "
                      + "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) AS hot FROM items ORDER BY hot DESC LIMIT 10")) {
        while (rs.next()) {
          n++;
        }
      }
      long rows = System.currentTimeMillis();
      long cpu2 = threadCpuMs();
      System.out.printf(
          Locale.ROOT,
          "JVM->main %d ms, getConnection %d ms, first ranked query %d ms,"
              + " JVM start to rows %d ms (%d rows); main thread CPU %d + %d ms,"
              + " process CPU %d ms%n",
          main - start,
          open - main,
          rows - open,
          rows - start,
          n,
          cpu1 - cpu0,
          cpu2 - cpu1,
          processCpuMs());
    }
  }

  private static long threadCpuMs() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
  }

  /** CPU time of the whole JVM so far (every thread: JIT compilers, GC, loaders). */
  private static long processCpuMs() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(java.time.Duration::toMillis)
        .orElse(-1L);
  }

  private static void make(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, category VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR)"
              + " WINDOW (INTERVAL '1' HOUR)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
        for (int i = 0; i < 100_000; i++) {
          ins.setString(1, "i" + i);
          ins.setString(2, "t" + i);
          ins.setString(3, "c" + (i % 5));
          ins.addBatch();
          if (i % 1000 == 999) {
            ins.executeBatch();
          }
        }
      }
      Random r = new Random(1);
      long base = Timestamp.valueOf("2026-11-01 22:00:00").getTime();
      try (PreparedStatement sig =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, 1.0, ?)")) {
        for (int i = 0; i < 300_000; i++) {
          sig.setString(1, "i" + r.nextInt(100_000));
          sig.setTimestamp(2, new Timestamp(base + i * 10L));
          sig.addBatch();
          if (i % 1000 == 999) {
            sig.executeBatch();
          }
        }
      }
      s.execute("CHECKPOINT");
    }
  }
}
