package io.tidal.engine;

import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.TidalDB;
import io.tidal.testing.ManualClock;
import java.nio.file.Path;

/**
 * Child JVM of {@link M1AcceptanceTest}: opens the database, writes batches {@code from..to-1} of
 * {@link M1Workload}, printing {@code ACK i} after batch {@code i} returned (so it is durable), until
 * the parent kills it with SIGKILL.
 */
final class M1CrashChild {
  private M1CrashChild() {}

  static Config config(Path dir, ManualClock clock) {
    return Config.builder()
        .directory(dir)
        .clock(clock)
        .durability(Durability.SYNC)
        .backgroundThreads(false)
        .checkpointEveryEvents(700)
        .walSegmentBytes(256 << 10)
        .build();
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int from = Integer.parseInt(args[1]);
    int to = Integer.parseInt(args[2]);
    ManualClock clock = new ManualClock(M1Workload.time(from));
    TidalDB db = TidalDB.open(config(dir, clock));
    System.out.println("OPEN");
    System.out.flush();
    for (int i = from; i < to; i++) {
      clock.set(M1Workload.time(i));
      M1Workload.write(db, i);
      System.out.println("ACK " + i);
      System.out.flush();
    }
    System.out.println("DONE");
    System.out.flush();
    // no close: the parent kills this process
  }
}
