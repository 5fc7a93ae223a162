package io.tidal.engine;

import static io.tidal.engine.EngineTest.D1;
import static io.tidal.engine.EngineTest.H1;
import static io.tidal.engine.EngineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.engine.storage.MvStoreStorage;
import io.tidal.schema.SignalType;
import io.tidal.testing.Auditor;
import io.tidal.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrubbing checkpoint, checked as an auditor would: after a row delete and a user checkpoint no
 * byte of any file under the database directory holds the deleted key or column value
 * ({@link Auditor}), while the other rows survive it and a reopen; also across crashes between the
 * delete and the checkpoint, and with writers running during the scrub.
 */
class ScrubTest {
  @TempDir Path dir;

  private TidalDB db;
  private Random rnd;
  private String key;
  private String title;

  @BeforeEach
  void markers() {
    rnd = new Random(Seeds.seed("ScrubTest"));
    key = Auditor.marker("KEY", rnd);
    title = Auditor.marker("TITLE", rnd);
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private Config config() {
    return Config.builder()
        .directory(dir)
        .backgroundThreads(false)
        .checkpointEveryEvents(0)
        .build();
  }

  private Engine engine() {
    return (Engine) db;
  }

  /** 40 rows around the marker row (whose key and title are markers), checkpointed and logged. */
  private void populate() {
    db = TidalDB.open(config());
    db.createTable(EngineTest.items());
    db.createSignalType(new SignalType("view", "items", List.of(H1), List.of(D1)), false);
    for (int i = 0; i < 40; i++) {
      db.insertRow("items", new Object[] {"i" + i, "title " + i, i, null});
      if (i == 20) {
        db.insertRow("items", new Object[] {key, title, 7, null});
      }
    }
    db.checkpoint();
    assertThat(Auditor.filesHolding(dir, key))
        .as("positive control: the scan sees the key")
        .contains(Path.of(MvStoreStorage.FILE_NAME))
        .anyMatch(p -> p.startsWith("wal"));
    assertThat(Auditor.filesHolding(dir, title)).contains(Path.of(MvStoreStorage.FILE_NAME));
  }

  private void assertOtherRowsOnly() {
    assertThat(db.row("items", key)).isEmpty();
    List<Object> keys = new ArrayList<>();
    db.scanRows("items").forEachRemaining(r -> keys.add(r[0]));
    assertThat(keys).hasSize(40).doesNotContain(key);
    assertThat(db.row("items", "i33")).map(r -> r[1]).isEqualTo(Optional.of("title 33"));
  }

  @Test
  void checkpoint_afterRowDelete_noFileHoldsTheRow() {
    populate();
    assertThat(db.deleteRow("items", key)).isTrue();
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, key);
    Auditor.assertNoFileHolds(dir, title);
    assertOtherRowsOnly();
    db.close();
    db = TidalDB.open(config());
    assertOtherRowsOnly();
    db.insertRow("items", new Object[] {"after", "x", 1, null}); // writable after the swap
    db.close();
    db = TidalDB.open(config());
    assertThat(db.row("items", "after")).isPresent();
    Auditor.assertNoFileHolds(dir, key);
  }

  @Test
  void checkpoint_afterDropTable_noFileHoldsItsRows() {
    populate();
    db.createTable(EngineTest.users()); // another table, kept
    db.insertRow("users", new Object[] {42L, "kept"});
    db.dropSignalType("view");
    db.dropTable("items");
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, key);
    Auditor.assertNoFileHolds(dir, title);
    db.close();
    db = TidalDB.open(config());
    assertThat(db.row("users", 42L)).isPresent();
    assertThat(db.schema().table("items")).isEmpty();
  }

  @Test
  void checkpoint_withoutErasure_doesNotRewriteTheStore() throws Exception {
    populate();
    Object inode = Files.getAttribute(dir.resolve(MvStoreStorage.FILE_NAME), "unix:ino");
    db.insertRow("items", new Object[] {"more", "x", 1, null});
    db.checkpoint();
    assertThat(Files.getAttribute(dir.resolve(MvStoreStorage.FILE_NAME), "unix:ino"))
        .isEqualTo(inode);
    db.deleteRow("items", "more");
    db.checkpoint();
    assertThat(Files.getAttribute(dir.resolve(MvStoreStorage.FILE_NAME), "unix:ino"))
        .as("a delete makes the next checkpoint rewrite data.mv")
        .isNotEqualTo(inode);
  }

  @Test
  void crash_betweenDeleteAndCheckpoint_deleteHoldsAndCheckpointScrubs() {
    populate();
    db.deleteRow("items", key);
    engine().crashForTesting(); // the delete is in the WAL only
    db = TidalDB.open(config());
    assertOtherRowsOnly();
    db.checkpoint(); // the replayed delete asked for the scrub
    Auditor.assertNoFileHolds(dir, key);
    Auditor.assertNoFileHolds(dir, title);
  }

  @Test
  void crash_afterDeleteWasCheckpointedWithoutScrub_storedFlagMakesTheNextCheckpointScrub() {
    populate();
    db.deleteRow("items", key);
    engine().checkpointer.checkpoint(); // a background checkpoint: stores the delete, no scrub
    engine().crashForTesting();
    db = TidalDB.open(config()); // nothing to replay: the need comes from sys.meta
    assertThat(Auditor.filesHolding(dir, key)).as("not scrubbed yet").isNotEmpty();
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, key);
    assertOtherRowsOnly();
    db.close(); // the flag is cleared: a further checkpoint does not scrub again
    db = TidalDB.open(config());
    assertThat(engine().scrubNeeded.get()).isFalse();
  }

  @Test
  void crash_afterScrub_reopensWithEverything() {
    populate();
    db.deleteRow("items", key);
    db.checkpoint();
    db.insertRow("items", new Object[] {"late", "y", 2, null});
    engine().crashForTesting(); // "late" is only in the WAL segment started by the scrub
    db = TidalDB.open(config());
    assertThat(db.row("items", "late")).isPresent();
    assertThat(db.row("items", key)).isEmpty();
    Auditor.assertNoFileHolds(dir, key);
  }

  /**
   * A VARCHAR key that received signals, then its row is deleted (which deletes its signals and
   * removes its key from the dictionary, {@link EntityDictionary#remove}): after
   * the checkpoint no file holds the key, not the WAL's signal records nor the dictionary's chunks;
   * other keys keep their ids and scores across a reopen.
   */
  @Test
  void checkpoint_afterDeleteOfKeyWithSignals_dictionaryAndWalHoldNoKey() {
    populate();
    for (int i = 0; i < 30; i++) {
      db.signal(new Signal("view", key, 1.0, T0 + i * 1000L, null));
      db.signal(new Signal("view", "i" + (i % 5), 1.0, T0 + i * 1000L, null));
    }
    db.checkpoint(); // the key is now in a dictionary chunk
    assertThat(Auditor.filesHolding(dir, key)).contains(Path.of(MvStoreStorage.FILE_NAME));
    double before = db.decayScore("view", "i3", H1, T0 + 60_000);
    db.deleteRow("items", key); // deletes the entity's signals and forgets its dictionary entry
    assertThat(engine().tables.get("items").dictionary.lookup(key)).isNull();
    assertThat(engine().tables.get("items").dictionary.remove(key)).isFalse();
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, key);
    db.close();
    db = TidalDB.open(config());
    Auditor.assertNoFileHolds(dir, key);
    assertThat(db.decayScore("view", "i3", H1, T0 + 60_000)).isEqualTo(before);
    assertThat(engine().tables.get("items").dictionary.lookup(key)).isNull();
  }

  /**
   * The rewrite fails before its rename (its file name is taken by a non-empty directory): the
   * checkpoint fails with the I/O error, the database stays usable on the old file, the need to
   * scrub is kept (in memory and in the stored state, across a crash), and once the obstacle is
   * gone the next checkpoint scrubs.
   */
  @Test
  void scrub_failsBeforeRename_oldFileKeptAndNeedSurvivesCrash() throws Exception {
    populate();
    Path obstacle = dir.resolve(MvStoreStorage.FILE_NAME + ".scrub");
    Files.createDirectories(obstacle.resolve("x"));
    db.deleteRow("items", key);
    org.assertj.core.api.Assertions.assertThatThrownBy(db::checkpoint)
        .isInstanceOf(TidalException.class)
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.IO_ERROR);
    assertThat(engine().scrubNeeded.get()).isTrue();
    db.insertRow("items", new Object[] {"still", "writable", 3, null});
    engine().crashForTesting();
    Files.delete(obstacle.resolve("x"));
    db = TidalDB.open(config()); // the open also deletes the (now empty) leftover
    assertThat(engine().scrubNeeded.get()).as("from the stored state or the replay").isTrue();
    assertThat(db.row("items", "still")).isPresent();
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, key);
    Auditor.assertNoFileHolds(dir, title);
  }

  /**
   * A crash after the new data.mv replaced the old one but before the WAL lost its old segments
   * (here: deleting a segment fails, which fails the log): the reopened database holds everything,
   * the new file still says a scrub is pending (the flag is cleared last), and the next checkpoint
   * deletes the old segments that still hold the key.
   */
  @Test
  void crash_afterStoreSwapBeforeWalTruncation_nextCheckpointScrubsTheOldSegments() {
    AtomicBoolean failWalDeletes = new AtomicBoolean();
    io.tidal.engine.io.FileLayer layer = new FailingDeletes(failWalDeletes);
    db =
        TidalDB.open(
            Config.builder()
                .directory(dir)
                .backgroundThreads(false)
                .checkpointEveryEvents(0)
                .fileLayer(layer)
                .build());
    db.createTable(EngineTest.items());
    db.insertRow("items", new Object[] {key, title, 7, null});
    db.insertRow("items", new Object[] {"i1", "one", 1, null});
    db.checkpoint();
    db.deleteRow("items", key);
    failWalDeletes.set(true);
    org.assertj.core.api.Assertions.assertThatThrownBy(db::checkpoint)
        .isInstanceOf(TidalException.class);
    engine().crashForTesting();
    assertThat(Auditor.filesHolding(dir, key))
        .as("only in old WAL segments")
        .isNotEmpty()
        .allMatch(p -> p.startsWith("wal"));
    db = TidalDB.open(config());
    assertThat(engine().scrubNeeded.get()).isTrue();
    assertThat(db.row("items", key)).isEmpty();
    assertThat(db.row("items", "i1")).isPresent();
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, key);
  }

  /** The real file system, except that deleting a WAL segment fails while {@code fail} is set. */
  private record FailingDeletes(AtomicBoolean fail) implements io.tidal.engine.io.FileLayer {
    private static final io.tidal.engine.io.FileLayer FS = io.tidal.engine.io.FileLayer.system();

    @Override
    public java.nio.channels.FileChannel open(
        Path path, java.util.Set<? extends java.nio.file.OpenOption> o) throws java.io.IOException {
      return FS.open(path, o);
    }

    @Override
    public void createDirectories(Path d) throws java.io.IOException {
      FS.createDirectories(d);
    }

    @Override
    public void move(Path from, Path to) throws java.io.IOException {
      FS.move(from, to);
    }

    @Override
    public void deleteIfExists(Path path) throws java.io.IOException {
      if (fail.get() && path.toString().endsWith(".wal")) {
        throw new java.io.IOException("injected: cannot delete " + path);
      }
      FS.deleteIfExists(path);
    }

    @Override
    public List<Path> list(Path d) throws java.io.IOException {
      return FS.list(d);
    }

    @Override
    public boolean exists(Path path) {
      return FS.exists(path);
    }

    @Override
    public long size(Path path) throws java.io.IOException {
      return FS.size(path);
    }

    @Override
    public void syncDirectory(Path d) throws java.io.IOException {
      FS.syncDirectory(d);
    }
  }

  /** Writers insert while user checkpoints scrub: every acknowledged row survives a crash. */
  @Test
  void scrub_withConcurrentWriters_losesNothing() throws Exception {
    populate();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger acked = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                db.insertRow("items", new Object[] {"w" + i, "w", i, null});
                acked.set(i + 1);
              }
            });
    writer.start();
    try {
      for (int round = 0; round < 5; round++) {
        db.deleteRow("items", "i" + round);
        db.checkpoint();
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    engine().crashForTesting();
    db = TidalDB.open(config());
    for (int i = 0; i < acked.get(); i++) {
      assertThat(db.row("items", "w" + i)).as("acknowledged row w%d", i).isPresent();
    }
    for (int round = 0; round < 5; round++) {
      assertThat(db.row("items", "i" + round)).isEmpty();
    }
  }
}
