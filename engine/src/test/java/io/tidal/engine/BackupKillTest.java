package io.tidal.engine;

import static io.tidal.engine.EngineTest.D1;
import static io.tidal.engine.EngineTest.H1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Config;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 during backups: a child JVM ({@link BackupKillChild}) writes signals and takes backup after
 * backup; the parent SIGKILLs it at a random moment inside one. Then the source opens with every
 * acknowledged signal; every finished backup opens with every signal acknowledged before it
 * started; the interrupted one left either nothing under its name or (killed after the rename) a
 * complete copy, and its partial directory, if any, does not open while it holds the marker.
 */
class BackupKillTest {

  @Test
  void killedDuringBackup_sourceIntact_partialNotOpenable(@TempDir Path dir) throws Exception {
    run(dir, 4);
  }

  @Test
  @Tag("torture")
  void killedDuringBackup_manyCycles(@TempDir Path dir) throws Exception {
    run(dir, 40);
  }

  private static void run(Path dir, int cycles) throws Exception {
    Random random = new Random(Seeds.seed("BackupKillTest"));
    Path db = dir.resolve("db");
    try (TidalDB d = TidalDB.open(Config.builder().directory(db).build())) {
      d.createTable(EngineTest.items());
      d.createSignalType(new SignalType("view", "items", List.of(H1), List.of(D1)), false);
      for (int i = 0; i < 40; i++) {
        d.insertRow("items", new Object[] {"i" + i, "t", i, null});
      }
      for (int i = 0; i < 20_000; i++) { // a data.mv of a few MB: kills land inside the copy
        d.insertRow("items", new Object[] {"f" + i, "x".repeat(200), i, null});
      }
    }
    long next = 1;
    int partialsSeen = 0;
    Set<Long> acked = new HashSet<>();
    for (int cycle = 0; cycle < cycles; cycle++) {
      Path targets = Files.createDirectories(dir.resolve("c" + cycle));
      Map<Integer, Set<Long>> ackedAtStart = new HashMap<>();
      Set<Integer> done = new HashSet<>();
      int killIn = random.nextInt(2);
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx128m",
              "-XX:+UseSerialGC",
              "-cp",
              System.getProperty("java.class.path"),
              BackupKillChild.class.getName(),
              db.toString(),
              targets.toString(),
              Long.toString(next));
      Process child =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        boolean killed = false;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            acked.add(Long.parseLong(line.substring(4)));
          } else if (line.startsWith("START ")) {
            int i = Integer.parseInt(line.substring(6));
            ackedAtStart.put(i, new HashSet<>(acked));
            if (i == killIn && !killed) {
              child.waitFor(
                  random.nextInt(300), TimeUnit.MILLISECONDS); // the child goes on meanwhile
              child
                  .toHandle()
                  .destroyForcibly(); // SIGKILL by pid; the pipe is drained to EOF below
              killed = true;
            }
          } else if (line.startsWith("DONE ")) {
            done.add(Integer.parseInt(line.substring(5)));
          }
        }
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      next = acked.stream().mapToLong(Long::longValue).max().orElse(next) + 1_000_000;
      assertThat(weights(db))
          .as("cycle %d: the source holds every acknowledged signal", cycle)
          .containsAll(acked);
      for (Map.Entry<Integer, Set<Long>> e : ackedAtStart.entrySet()) {
        Path target = targets.resolve("b" + e.getKey());
        Path partial = targets.resolve(".b" + e.getKey() + ".backup-partial");
        if (done.contains(e.getKey()) || Files.exists(target)) {
          assertThat(weights(target))
              .as("cycle %d: backup %d holds what was acked before it", cycle, e.getKey())
              .containsAll(e.getValue());
        } else {
          assertThat(target)
              .as("cycle %d: interrupted backup %d", cycle, e.getKey())
              .doesNotExist();
        }
        if (Files.exists(partial.resolve(Backup.MARKER))) {
          partialsSeen++;
          assertThatThrownBy(
                  () -> TidalDB.open(Config.builder().directory(partial).build()).close())
              .isInstanceOf(TidalException.class)
              .hasMessageContaining("unfinished backup");
        }
      }
    }
    System.out.println(
        "[BackupKillTest] cycles="
            + cycles
            + " acked="
            + acked.size()
            + " kills that left a partial directory="
            + partialsSeen);
  }

  private static Set<Long> weights(Path db) {
    Set<Long> out = new HashSet<>();
    try (TidalDB d =
        TidalDB.open(
            Config.builder().directory(db).create(false).backgroundThreads(false).build())) {
      for (Iterator<Signal> it = d.scanSignals("view", null); it.hasNext(); ) {
        out.add((long) it.next().weight());
      }
    }
    return out;
  }
}
