package io.tidal.engine;

import io.tidal.Config;
import io.tidal.TidalDB;
import java.nio.file.Path;

/**
 * Child JVM of {@link BackupKillTest}: opens the database {@code args[0]}, writes signals on a
 * thread (printing {@code ACK w} after each returns, w its unique weight, from {@code args[2]} on)
 * and takes backups {@code args[1]/b0, b1, ...} one after another, printing {@code START i} and
 * {@code DONE i} around each, until it is killed.
 */
public final class BackupKillChild {
  private BackupKillChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Path targets = Path.of(args[1]);
    long firstWeight = Long.parseLong(args[2]);
    TidalDB d = TidalDB.open(Config.builder().directory(db).create(false).build());
    Thread writer =
        new Thread(
            () -> {
              for (long w = firstWeight; ; w++) {
                d.signal("view", "i" + (w % 40), w, EngineTest.T0 + w);
                synchronized (System.out) {
                  System.out.println("ACK " + w);
                  System.out.flush();
                }
              }
            });
    writer.start();
    say("OPEN");
    for (int i = 0; ; i++) {
      say("START " + i);
      d.backup(targets.resolve("b" + i));
      say("DONE " + i);
    }
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
