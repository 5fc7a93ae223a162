package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Durability;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.testing.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 loop (reliability.md T1): a child JVM ({@link WalCrashChild}) appends in SYNC (or ASYNC) mode from two
 * threads and records every acknowledged append in an ACK file; the parent kills it with SIGKILL at
 * a random moment (one cycle in ten while it is still opening and recovering), then checks the log:
 * every acknowledged record is replayed at its sequence, with its content, and no event appears
 * twice. The child also checkpoints (store file, then {@code Wal.checkpoint}, which deletes old
 * segments): records up to its stored sequence count as persisted, every later acknowledged one must
 * replay. The ACKs come from a file the child writes before it goes on, not from its stdout (a
 * destroyed process's pipe can lose the last lines: reliability.md, "kill -9 harness").
 */
class WalCrashLoopTest {
  @TempDir Path tmp;

  @Test
  void killLoop_100cycles_noAcknowledgedRecordLostOrDuplicated() throws Exception {
    run(100, Durability.SYNC);
  }

  /** ASYNC acknowledges after the write (often on the caller's own thread): a SIGKILL loses none. */
  @Test
  void killLoop_async_40cycles_noAcknowledgedRecordLostOrDuplicated() throws Exception {
    run(40, Durability.ASYNC);
  }

  @Test
  @Tag("torture")
  void killLoop_1000cycles_noAcknowledgedRecordLostOrDuplicated() throws Exception {
    run(1000, Durability.SYNC);
  }

  @Test
  @Tag("torture")
  void killLoop_async_1000cycles_noAcknowledgedRecordLostOrDuplicated() throws Exception {
    run(1000, Durability.ASYNC);
  }

  private void run(int cycles, Durability durability) throws Exception {
    Random rnd = new Random(Seeds.seed("WalCrashLoopTest." + durability));
    Path wal = tmp.resolve("wal");
    Path ackFile = tmp.resolve("acks.txt");
    Files.createFile(ackFile);
    Map<Long, Long> ackedIdBySeq = new HashMap<>(); // acknowledged after the last checkpoint
    long[] ackRead = {0, 0}; // bytes of the ACK file read so far, records acknowledged in all
    long duringOpen = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
      Process child = start(wal, ackFile, rnd.nextLong(), durability);
      try {
        if (rnd.nextInt(10) == 0) {
          duringOpen++;
          child.waitFor(rnd.nextInt(400), TimeUnit.MILLISECONDS);
        } else {
          awaitReady(child);
          child.waitFor(30 + rnd.nextInt(300), TimeUnit.MILLISECONDS);
        }
        assertThat(child.isAlive()).as("child alive until the kill (cycle %d)", cycle).isTrue();
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      readAcks(ackFile, ackRead, ackedIdBySeq);
      check(wal, ackedIdBySeq, cycle);
      // Checked: what the store holds need not be kept (an ASYNC child acknowledges ~10^4 records
      // per cycle; keeping them all made the 1,000-cycle loop quadratic and memory-bound).
      long checkpoint = WalCrashChild.readStore(wal)[0];
      ackedIdBySeq.keySet().removeIf(seq -> seq <= checkpoint);
    }
    System.out.println(
        "[crash loop] "
            + durability
            + " cycles="
            + cycles
            + " acked records="
            + ackRead[1]
            + " kills during open="
            + duringOpen
            + " last checkpoint="
            + WalCrashChild.readStore(wal)[0]);
    assertThat(WalCrashChild.readStore(wal)[0]).as("the child checkpointed").isPositive();
    assertThat(ackRead[1]).as("acknowledged records over all cycles").isGreaterThan(cycles);
  }

  private static Process start(Path wal, Path ackFile, long seed, Durability durability)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx64m",
            "-cp",
            System.getProperty("java.class.path"),
            WalCrashChild.class.getName(),
            wal.toString(),
            ackFile.toString(),
            Long.toString(seed),
            durability.name())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Blocks until the child has opened the log (its first stdout line). */
  private static void awaitReady(Process child) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertThat(line).as("child's first line").isEqualTo("READY");
  }

  /**
   * Reads the ACK lines appended since the last call ({@code read[0]}: bytes consumed, whole lines
   * only; {@code read[1]}: records acknowledged so far).
   */
  private static void readAcks(Path ackFile, long[] read, Map<Long, Long> ackedIdBySeq)
      throws IOException {
    byte[] all;
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(ackFile.toFile(), "r")) {
      f.seek(read[0]);
      all = new byte[(int) (f.length() - read[0])];
      f.readFully(all);
    }
    int end = all.length;
    while (end > 0 && all[end - 1] != '\n') {
      end--; // a line still being written by a killed child cannot occur, but never read half a
      // line
    }
    read[0] += end;
    for (String line : new String(all, 0, end, StandardCharsets.US_ASCII).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(" ");
      long seq = Long.parseLong(f[1]);
      int n = Integer.parseInt(f[2]);
      long id = Long.parseLong(f[3]);
      for (int i = 0; i < n; i++) {
        Long prev = ackedIdBySeq.put(seq + i, id + i);
        assertThat(prev).as("sequence %d acknowledged twice", seq + i).isNull();
      }
      read[1] += n;
    }
  }

  private static void check(Path dir, Map<Long, Long> ackedIdBySeq, int cycle) throws IOException {
    long checkpoint = WalCrashChild.readStore(dir)[0];
    Map<Long, Long> logged = new HashMap<>();
    Set<Long> ids = new HashSet<>();
    List<Long> dupes = new ArrayList<>();
    ReplayConsumer c =
        (seq, r) -> {
          assertThat(seq)
              .as("dense sequences after the checkpoint")
              .isEqualTo(checkpoint + logged.size() + 1L);
          long id = WalCrashChild.idOf((SignalRecord) r);
          logged.put(seq, id);
          if (!ids.add(id)) {
            dupes.add(id);
          }
        };
    Wal.open(WalCrashChild.options(dir, checkpoint).build(), c).close();
    assertThat(dupes).as("events logged twice after cycle %d", cycle).isEmpty();
    // Records up to the checkpoint live in the child's "store"; the log must hold every later one.
    long lost =
        ackedIdBySeq.entrySet().stream()
            .filter(e -> e.getKey() > checkpoint)
            .filter(e -> !e.getValue().equals(logged.get(e.getKey())))
            .count();
    assertThat(lost).as("acknowledged records missing or changed after cycle %d", cycle).isZero();
  }
}
