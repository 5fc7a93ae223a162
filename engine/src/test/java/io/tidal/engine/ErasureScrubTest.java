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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Erasure by actor, checked as an auditor would (DESIGN.md section 2, "Deletion"): an actor's
 * signals, whose actor id and dedup keys are unique markers, are stored in the WAL and in a
 * checkpoint's warm-tier chunks; after {@code eraseSignals} and a user checkpoint no byte of any file
 * holds either marker, the other actors' signals and every score are intact (scores drop by exactly
 * the erased signals), and the same holds when the process crashes between the erasure and the
 * checkpoint (the erasure is replayed from its WAL record).
 */
class ErasureScrubTest {
  @org.junit.jupiter.api.io.TempDir Path dir;

  private TidalDB db;
  private String actor;
  private String dedup;

  @BeforeEach
  void markers() {
    Random rnd = new Random(Seeds.seed("ErasureScrubTest"));
    actor = Auditor.marker("ACTOR", rnd);
    dedup = Auditor.marker("DEDUP", rnd);
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

  /** 200 signals of other actors and 30 of the marker actor on 10 items; returns the marker's. */
  private List<Signal> populate() {
    db = TidalDB.open(config());
    db.createTable(EngineTest.items());
    db.createSignalType(new SignalType("view", "items", List.of(H1), List.of(D1)), false);
    for (int i = 0; i < 10; i++) {
      db.insertRow("items", new Object[] {"i" + i, "t", i, null});
    }
    List<Signal> mine = new ArrayList<>();
    List<Signal> batch = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      boolean marked = i % 8 == 3 && mine.size() < 30;
      Signal s =
          new Signal(
              "view",
              "i" + (i % 10),
              1 + i % 3,
              T0 + i * 1000L,
              marked ? dedup + "-" + i : null,
              marked ? actor : "u" + (i % 7));
      batch.add(s);
      if (marked) {
        mine.add(s);
      }
    }
    db.signalBatch(batch.subList(0, 120));
    db.checkpoint(); // the first half in warm chunks of data.mv, all in the WAL
    db.signalBatch(batch.subList(120, batch.size()));
    assertThat(Auditor.filesHolding(dir, actor))
        .as("positive control: the scan sees the actor")
        .contains(Path.of(MvStoreStorage.FILE_NAME))
        .anyMatch(p -> p.startsWith("wal"));
    assertThat(Auditor.filesHolding(dir, dedup)).isNotEmpty();
    return mine;
  }

  private static double expected(List<Signal> all, String item, long at) {
    double sum = 0;
    for (Signal s : all) {
      if (s.entityKey().equals(item) && s.timestamp() <= at) {
        sum += s.weight() * Math.pow(2, -(double) (at - s.timestamp()) / H1.toMillis());
      }
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void eraseActor_thenCheckpoint_noFileHoldsIt(boolean crashBeforeCheckpoint) {
    List<Signal> mine = populate();
    List<Signal> others = new ArrayList<>();
    db.scanSignals(null, null)
        .forEachRemaining(
            s -> {
              if (!actor.equals(s.actorId())) {
                others.add(s);
              }
            });
    assertThat(db.eraseSignals(null, null, actor)).isEqualTo(mine.size());
    if (crashBeforeCheckpoint) {
      ((Engine) db).crashForTesting();
      db = TidalDB.open(config()); // the erasure comes back from its WAL record
    }
    assertThat(db.scanSignals(null, null, actor)).isExhausted();
    db.checkpoint();
    Auditor.assertNoFileHolds(dir, actor);
    Auditor.assertNoFileHolds(dir, dedup);
    db.close();
    db = TidalDB.open(config());
    Auditor.assertNoFileHolds(dir, actor);
    List<Signal> left = new ArrayList<>();
    db.scanSignals(null, null).forEachRemaining(left::add);
    assertThat(left).containsExactlyInAnyOrderElementsOf(others);
    long at = T0 + 300_000;
    for (int i = 0; i < 10; i++) {
      assertThat(db.decayScore("view", "i" + i, H1, at))
          .as("i" + i)
          .isCloseTo(expected(others, "i" + i, at), org.assertj.core.data.Offset.offset(1e-9));
    }
    // an erased signal's dedup key is forgotten with it: the same key is a new signal again
    assertThat(
            db.signal(new Signal("view", mine.get(0).entityKey(), 1, T0, mine.get(0).dedupKey())))
        .isTrue();
  }

  @Test
  void deletedRow_takesItsSignalsAndKey_evenAfterACrash() {
    populate();
    String key = "i4";
    double before = db.decayScore("view", "i5", H1, T0 + 300_000);
    assertThat(db.decayScore("view", key, H1, T0 + 300_000)).isPositive();
    assertThat(db.deleteRow("items", key)).isTrue();
    ((Engine) db).crashForTesting();
    db = TidalDB.open(config());
    assertThat(db.decayScore("view", key, H1, T0 + 300_000)).isZero();
    assertThat(db.scanSignals("view", key)).isExhausted();
    assertThat(db.decayScore("view", "i5", H1, T0 + 300_000)).isEqualTo(before);
    db.insertRow("items", new Object[] {key, "again", 1, null});
    db.signal(new Signal("view", key, 2, T0, null));
    assertThat(db.decayScore("view", key, H1, T0)).isEqualTo(2.0); // starts from zero
  }

  /**
   * Deleting the entity that holds a type's latest signal does not move the type's horizon back,
   * not even across a reopen (the states left would say an earlier latest): a count whose window
   * reaches before the horizon stays an error instead of missing folded signals.
   */
  @Test
  void deletingTheLatestEntity_keepsTheHorizon_acrossAReopen() {
    db = TidalDB.open(config());
    db.createTable(EngineTest.items());
    db.createSignalType(
        new SignalType("view", "items", List.of(H1), List.of(D1)), false); // retains 2 days
    db.insertRow("items", new Object[] {"a", "t", 1, null});
    db.insertRow("items", new Object[] {"b", "t", 2, null});
    db.signal(new Signal("view", "a", 1, T0));
    db.signal(new Signal("view", "b", 1, T0 + 10 * 86_400_000L)); // horizon: T0 + 8 days
    db.checkpoint(); // folds a's signal
    db.deleteRow("items", "b");
    db.close();
    db = TidalDB.open(config());
    TidalException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            () -> db.windowedCount("view", "a", D1, T0 + 86_400_000L), TidalException.class);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.BEFORE_HORIZON);
  }
}
