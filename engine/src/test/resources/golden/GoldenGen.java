import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a golden database with the engine of an older commit (see README.md): compiled and run
 * against that commit's engine classes, never by the build. Two tables, two signal types, rows,
 * 534 signals with a checkpoint after the first 300 (so data.mv holds a checkpoint and the WAL
 * the rest), then a halt without close, as a crash would leave it. signals.csv lists every
 * signal written, the oracle of GoldenDatabaseTest.
 */
public final class GoldenGen {
  static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Config config = Config.builder().directory(dir).durability(Durability.SYNC)
        .walSegmentBytes(1 << 20).backgroundThreads(false)
        .clock(InstantSource.fixed(Instant.ofEpochMilli(T0 + 86_400_000L))).build();
    TidalDB db = TidalDB.open(config);
    db.createTable(new EntityTable("items", List.of(new Column("id", ColumnType.VARCHAR, false),
        new Column("title", ColumnType.VARCHAR, true)), 0));
    db.createTable(new EntityTable("users", List.of(new Column("id", ColumnType.BIGINT, false),
        new Column("name", ColumnType.VARCHAR, true)), 0));
    db.createSignalType(new SignalType("view", "items",
        List.of(Duration.ofHours(1), Duration.ofDays(1)),
        List.of(Duration.ofHours(1), Duration.ofDays(1))), false);
    db.createSignalType(new SignalType("like", "users", List.of(Duration.ofHours(6)),
        List.of(Duration.ofDays(1))), false);
    for (int i = 0; i < 20; i++) {
      db.insertRow("items", new Object[] {"item-" + i, i % 4 == 0 ? null : "title é " + i});
    }
    for (long u = 1; u <= 5; u++) {
      db.insertRow("users", new Object[] {u, "user " + u});
    }
    List<Signal> all = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      all.add(new Signal("view", "item-" + (i * 7 % 20), i % 5 == 0 ? 2.0 : 1.0, T0 + i * 60_000L,
          i % 10 == 3 ? "d" + i : null));
      if (i % 3 == 0) {
        all.add(new Signal("like", (long) (i % 5 + 1), 0.5, T0 + i * 90_000L, null));
      }
    }
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(dir.resolveSibling(
        dir.getFileName() + ".signals.csv")))) {
      csv.println("type,entity,weight,ts,dedup");
      int n = 0;
      for (Signal s : all) {
        db.signal(s);
        csv.println(s.type() + "," + s.entityKey() + "," + s.weight() + "," + s.timestamp() + ","
            + (s.dedupKey() == null ? "" : s.dedupKey()));
        csv.flush();
        if (++n == 300) {
          db.checkpoint();
        }
      }
    }
    Runtime.getRuntime().halt(0); // no close: the last 234 signals live only in the WAL
  }
}
