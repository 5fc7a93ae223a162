package io.tidal.engine;

import static io.tidal.engine.EngineTest.D1;
import static io.tidal.engine.EngineTest.H1;
import static io.tidal.engine.EngineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.SignalType;
import io.tidal.testing.FaultyFileLayer;
import io.tidal.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TidalDB#backup}: consistent copies under concurrent writers (each copy checked against a
 * brute force over its own signals and against what was acknowledged), refused targets, and I/O
 * failures at every file operation of a backup ({@link FaultyFileLayer}).
 */
class BackupTest {
  private static final int ITEMS = 40;
  private static final int WRITERS = 3;

  @TempDir Path dir;

  /** One signal: writer {@code thread}'s {@code n}-th; its weight encodes both (unique). */
  private static double weight(int thread, int n) {
    return 1 + thread + WRITERS * (double) n;
  }

  private static void schema(TidalDB db) {
    db.createTable(EngineTest.items());
    db.createSignalType(new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1)), false);
    for (int i = 0; i < ITEMS; i++) {
      db.insertRow("items", new Object[] {"i" + i, "t", i, null});
    }
  }

  @ParameterizedTest(name = "background checkpoints: {0}")
  @ValueSource(booleans = {true, false})
  void backup_underConcurrentWriters_copyHoldsAPrefixWithEveryAckedWriteAndItsOwnScores(
      boolean background) throws Exception {
    long seed = Seeds.seed("BackupTest.concurrent");
    Path src = dir.resolve("src");
    // small WAL segments: the copy takes only those after its checkpoint, the tail cut at the pin
    Config config =
        Config.builder()
            .directory(src)
            .backgroundThreads(background)
            .checkpointEveryEvents(400)
            .walSegmentBytes(16 * 1024)
            .build();
    Map<Path, Set<Double>> ackedBefore = new HashMap<>();
    List<List<Double>> order = new ArrayList<>();
    try (TidalDB db = TidalDB.open(config)) {
      schema(db);
      AtomicBoolean stop = new AtomicBoolean();
      Set<Double> acked = ConcurrentHashMap.newKeySet();
      List<Thread> threads = new ArrayList<>();
      AtomicLong rowsAcked = new AtomicLong();
      for (int t = 0; t < WRITERS; t++) {
        int thread = t;
        List<Double> mine = new ArrayList<>();
        order.add(mine);
        Random r = new Random(seed + t);
        threads.add(
            new Thread(
                () -> {
                  for (int n = 0; !stop.get(); n++) {
                    double w = weight(thread, n);
                    synchronized (mine) {
                      mine.add(w);
                    }
                    db.signal("view", "i" + r.nextInt(ITEMS), w, T0 + r.nextInt(3_600_000));
                    acked.add(w);
                    if (thread == 0 && n % 10 == 0) {
                      db.insertRow("items", new Object[] {"n" + n, "new", n, null});
                      rowsAcked.incrementAndGet();
                    }
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (int b = 0; b < 3; b++) {
        while (acked.size() < 300 * (b + 1)) {
          Thread.onSpinWait(); // let the writers get ahead of the next backup (no timing assumed)
        }
        Path target = dir.resolve("copy" + b);
        ackedBefore.put(target, new HashSet<>(acked));
        db.backup(target);
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
    for (Map.Entry<Path, Set<Double>> e : ackedBefore.entrySet()) {
      checkCopy(e.getKey(), e.getValue(), order);
    }
  }

  /** The copy opens, holds every write acked before its backup and a prefix of each writer's, and scores its own signals. */
  private static void checkCopy(Path copy, Set<Double> ackedBefore, List<List<Double>> order) {
    try (TidalDB db =
        TidalDB.open(
            Config.builder().directory(copy).create(false).backgroundThreads(false).build())) {
      Map<String, List<Signal>> byItem = new HashMap<>();
      Set<Double> present = new HashSet<>();
      long latest = Long.MIN_VALUE;
      for (Iterator<Signal> it = db.scanSignals("view", null); it.hasNext(); ) {
        Signal s = it.next();
        assertThat(present.add(s.weight())).as("signal %s once", s.weight()).isTrue();
        byItem.computeIfAbsent((String) s.entityKey(), k -> new ArrayList<>()).add(s);
        latest = Math.max(latest, s.timestamp());
      }
      assertThat(present)
          .as("%s holds every signal acknowledged before its backup", copy)
          .containsAll(ackedBefore);
      for (int t = 0; t < WRITERS; t++) {
        List<Double> mine = order.get(t);
        int k = 0;
        synchronized (mine) {
          while (k < mine.size() && present.contains(mine.get(k))) {
            k++;
          }
          for (int j = k; j < mine.size(); j++) {
            assertThat(present)
                .as("%s: writer %d's signals form a prefix (%d of %d)", copy, t, k, mine.size())
                .doesNotContain(mine.get(j));
          }
        }
      }
      long at = latest;
      for (int i = 0; i < ITEMS; i++) {
        String key = "i" + i;
        double expected = 0;
        long count = 0;
        for (Signal s : byItem.getOrDefault(key, List.of())) {
          expected += s.weight() * Math.pow(2, -(double) (at - s.timestamp()) / H1.toMillis());
          count += s.timestamp() > at - D1.toMillis() ? 1 : 0;
        }
        assertThat(db.decayScore("view", key, H1, at))
            .as("%s decay of %s", copy, key)
            .isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        assertThat(db.windowedCount("view", key, D1, at))
            .as("%s count of %s", copy, key)
            .isEqualTo(count);
      }
      for (Iterator<Object[]> it = db.scanRows("items"); it.hasNext(); ) {
        Object[] row = it.next();
        if ("new".equals(row[1])) { // writer 0 inserts row n after its signal n was acknowledged
          assertThat(present)
              .as("%s: row %s implies the signal before it", copy, row[0])
              .contains(weight(0, ((Number) row[2]).intValue()));
        }
      }
    }
  }

  @Test
  void backup_targetNotEmpty_refusedNamingIt_nothingWritten() throws Exception {
    Path src = dir.resolve("src");
    Path target = dir.resolve("full");
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "mine");
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    try (TidalDB db =
        TidalDB.open(Config.builder().directory(src).backgroundThreads(false).build())) {
      schema(db);
      assertThatThrownBy(() -> db.backup(target))
          .isInstanceOfSatisfying(
              TidalException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains(target.toString(), "not an empty directory");
              });
      assertThatThrownBy(() -> db.backup(file))
          .isInstanceOf(TidalException.class)
          .hasMessageContaining(file.toString());
      assertThatThrownBy(() -> db.backup(src.resolve("inside")))
          .isInstanceOf(TidalException.class)
          .hasMessageContaining("outside the database directory");
      assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("mine");
      try (var list = Files.list(target)) {
        assertThat(list.toList()).hasSize(1);
      }
      Path empty = Files.createDirectories(dir.resolve("empty"));
      db.backup(empty); // an existing empty directory is taken
      db.signal("view", "i1", 2.0, T0);
    }
    try (TidalDB copy =
        TidalDB.open(Config.builder().directory(dir.resolve("empty")).create(false).build())) {
      assertThat(copy.row("items", "i3")).isPresent();
      assertThat(copy.decayScore("view", "i1", H1, T0)).isZero(); // written after the backup
    }
  }

  @Test
  void backup_inMemory_unsupported() {
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      assertThatThrownBy(() -> db.backup(dir.resolve("x")))
          .isInstanceOfSatisfying(
              TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }
  }

  /**
   * A failure at each file operation of a backup in turn (forever from there: a full disk): the
   * backup throws, the target does not exist, a leftover partial directory does not open, and the
   * source holds everything and takes a backup once the disk has room again.
   */
  @Test
  void backup_ioFailureAtEveryOperation_targetAbsent_sourceIntact() throws Exception {
    Path src = dir.resolve("src");
    FaultyFileLayer files = new FaultyFileLayer();
    Config config =
        Config.builder()
            .directory(src)
            .fileLayer(files)
            .backgroundThreads(false)
            .checkpointEveryEvents(0)
            .build();
    TidalDB db = TidalDB.open(config);
    schema(db);
    int signals = 0;
    int failures = 0;
    for (int k = 0; ; k++) {
      assertThat(k).as("the backup ends within 200 operations").isLessThan(200);
      db.signal("view", "i" + k % ITEMS, 1.0, T0 + k);
      signals++;
      db.checkpoint(); // the backup's own checkpoint then has nothing to write
      Path target = dir.resolve("t" + k);
      long injectedBefore = files.injectedFailures();
      files.failAt(files.operations() + 1 + k, true);
      try {
        db.backup(target);
        if (files.injectedFailures() == injectedBefore) {
          files.clearFaults();
          break; // the backup ran out of operations before the fault: done
        }
      } catch (TidalException e) {
        failures++;
        System.out.println("[BackupTest] fault at op " + k + ": " + e);
        assertThat(e.code())
            .as("failure at op %d: %s", k, e)
            .isIn(ErrorCode.IO_ERROR, ErrorCode.WRITE_PATH_FAILED);
      }
      files.clearFaults();
      if (Files.exists(target)) { // only the final fsync of the parent failed: a complete copy
        try (TidalDB copy =
            TidalDB.open(Config.builder().directory(target).create(false).build())) {
          assertThat(copy.windowedCount("view", "i0", D1, T0 + k))
              .as("complete copy")
              .isGreaterThan(0);
        }
      }
      Path partial = dir.resolve(".t" + k + ".backup-partial");
      if (Files.exists(partial.resolve(Backup.MARKER))) {
        assertThatThrownBy(() -> TidalDB.open(Config.builder().directory(partial).build()).close())
            .as("a partial backup does not open")
            .isInstanceOf(TidalException.class)
            .hasMessageContaining("unfinished backup");
      } else if (Files.exists(partial.resolve("data.mv"))) {
        // failed after the marker went (the rename or the last fsync): a complete copy under the
        // partial name
        try (TidalDB copy =
            TidalDB.open(Config.builder().directory(partial).create(false).build())) {
          assertThat(copy.row("items", "i1")).as("a complete copy").isPresent();
        }
      } else if (Files.exists(partial)) {
        assertThatThrownBy(
                () -> TidalDB.open(Config.builder().directory(partial).create(false).build()))
            .as("an emptied partial directory holds no database")
            .isInstanceOf(TidalException.class);
      }
      try {
        db.signal("view", "i0", 0.0, T0); // poisoned by a failed WAL fsync? then reopen (fail-stop)
      } catch (TidalException e) {
        db.close();
        db = TidalDB.open(config);
      }
      assertThat(db.windowedCount("view", "i0", D1, T0 + k)).isGreaterThan(0);
    }
    db.close();
    assertThat(failures).as("operations failed").isGreaterThan(15);
    try (TidalDB reopened = TidalDB.open(config)) {
      long total = 0;
      for (int i = 0; i < ITEMS; i++) {
        total += reopened.windowedCount("view", "i" + i, D1, T0 + signals);
      }
      assertThat(total).as("every signal of the source").isGreaterThanOrEqualTo(signals);
    }
  }
}
