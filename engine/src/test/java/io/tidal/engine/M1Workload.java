package io.tidal.engine;

import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.Transaction;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The M1 acceptance workload, deterministic: an items table, three signal types on it, and a stream
 * of batches, one per simulated 10 minutes. Batch {@code i} is a transaction: about 20 signals (views,
 * likes and dislikes, shares; many late by up to 30 minutes; some with dedup keys, some repeated) and
 * one row update. Shared by the in-process test and the child JVM that gets killed.
 */
final class M1Workload {
  static final long DAY0 = 1_798_761_600_000L; // 2027-01-01T00:00:00Z
  static final long STEP = Duration.ofMinutes(10).toMillis();
  static final int BATCHES_PER_DAY = 144;
  static final int ITEMS = 50;
  static final Duration H1 = Duration.ofHours(1);
  static final Duration H6 = Duration.ofHours(6);
  static final Duration D1 = Duration.ofDays(1);
  static final Duration D7 = Duration.ofDays(7);

  private M1Workload() {}

  static EntityTable items() {
    return new EntityTable(
        "items",
        List.of(
            new Column("id", ColumnType.VARCHAR, false),
            new Column("title", ColumnType.VARCHAR, true),
            new Column("category", ColumnType.VARCHAR, true),
            new Column("created_at", ColumnType.TIMESTAMP, true)),
        0);
  }

  static List<SignalType> types() {
    return List.of(
        new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1, D7)),
        new SignalType("like", "items", List.of(D1), List.of(D1, D7)),
        new SignalType("share", "items", List.of(H6), List.of(D1)));
  }

  static String item(int i) {
    return "item-" + i;
  }

  /** Creates the schema and the item rows. */
  static void setUp(TidalDB db) {
    db.createTable(items());
    for (SignalType t : types()) {
      db.createSignalType(t, false);
    }
    for (int i = 0; i < ITEMS; i++) {
      db.insertRow(
          "items",
          new Object[] {
            item(i), "Item " + i, i % 3 == 0 ? "news" : "sport", DAY0 - i * 3_600_000L
          });
    }
  }

  /** Simulated time at which batch {@code i} is written. */
  static long time(int i) {
    return DAY0 + (i + 1) * STEP;
  }

  /** Writes batch {@code i} as one transaction. */
  static void write(TidalDB db, int i) {
    try (Transaction tx = db.begin()) {
      for (Signal s : signals(i)) {
        tx.signal(s);
      }
      int k = i % ITEMS;
      tx.updateRow(
          "items",
          item(k),
          new Object[] {
            item(k), "Item " + k + " v" + i, k % 3 == 0 ? "news" : "sport", DAY0 - k * 3_600_000L
          });
      tx.commit();
    }
  }

  static List<Signal> signals(int i) {
    Random rnd = new Random(0x71DA1L * 31 + i);
    long t = time(i);
    List<Signal> out = new ArrayList<>();
    int n = 15 + rnd.nextInt(11);
    for (int j = 0; j < n; j++) {
      String key = item(rnd.nextInt(rnd.nextInt(ITEMS) + 1)); // skewed: low ids are hot
      long ts = t - (rnd.nextInt(3) == 0 ? rnd.nextInt(30 * 60_000) : rnd.nextInt((int) STEP));
      int p = rnd.nextInt(100);
      String dedup = rnd.nextInt(10) == 0 ? "b" + i + "-" + j : null;
      Signal s =
          p < 70
              ? new Signal("view", key, 1.0, ts, dedup)
              : p < 85
                  ? new Signal("like", key, 1.0, ts, dedup)
                  : p < 90
                      ? new Signal("like", key, -1.0, ts, dedup)
                      : new Signal("share", key, 2.0, ts, dedup);
      out.add(s);
      if (dedup != null && rnd.nextBoolean()) {
        out.add(s); // a client retry: dropped as a duplicate
      }
    }
    return out;
  }
}
