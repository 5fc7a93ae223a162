package io.tidal.engine;

import static io.tidal.engine.EngineTest.D1;
import static io.tidal.engine.EngineTest.H1;
import static io.tidal.engine.EngineTest.T0;
import static io.tidal.engine.EngineTest.assertCode;
import static io.tidal.engine.EngineTest.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.SignalType;
import io.tidal.testing.ReferenceDB;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory databases: close and reopen, simulated crash and recovery, lock, create and read-only flags. */
class DurableEngineTest {
  @TempDir Path dir;

  private TidalDB db;
  private final ReferenceDB ref = new ReferenceDB();

  private Config config() {
    return Config.builder()
        .directory(dir)
        .backgroundThreads(false)
        .checkpointEveryEvents(0)
        .build();
  }

  private void both(Consumer<TidalDB> op) {
    op.accept(db);
    op.accept(ref);
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private void populate(int round) {
    both(
        d -> {
          if (round == 0) {
            d.createTable(EngineTest.items());
            d.createTable(EngineTest.users());
            d.createTable(EngineTest.log());
            d.createSignalType(
                new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1)), false);
            d.createSignalType(new SignalType("follow", "users", List.of(D1), List.of(D1)), false);
          }
          for (int i = 0; i < 20; i++) {
            String k = "i" + (round * 7 + i) % 13;
            if (d.row("items", k).isEmpty()) {
              d.insertRow("items", new Object[] {k, "t" + round, i, null});
            } else {
              d.updateRow("items", k, new Object[] {k, "u" + round, i, null});
            }
            d.signal(
                new Signal(
                    "view",
                    k,
                    1.0 + i % 3,
                    T0 + round * 600_000L + i * 1000L,
                    i % 5 == 0 ? "d" + i : null));
            d.signal("follow", (long) (i % 4) - 2, -0.5, T0 + i * 7000L);
            d.insertRow("log", new Object[] {"r" + round, (long) i});
          }
          d.deleteRow("items", "i" + round % 13);
        });
  }

  private void assertSame() {
    for (String t : List.of("items", "users", "log")) {
      List<Object[]> a = list(db.scanRows(t));
      List<Object[]> b = list(ref.scanRows(t));
      assertThat(a).as("rows of " + t).hasSameSizeAs(b);
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i)).containsExactly(b.get(i));
      }
    }
    long at = T0 + 3_600_000;
    for (int i = 0; i < 13; i++) {
      String k = "i" + i;
      assertThat(db.decayScore("view", k, H1, at))
          .isCloseTo(
              ref.decayScore("view", k, H1, at), org.assertj.core.api.Assertions.within(1e-9));
      assertThat(db.windowedCount("view", k, D1, at))
          .isEqualTo(ref.windowedCount("view", k, D1, at));
    }
    for (RankQuery q :
        List.of(RankQuery.decay("view", D1, at, 5), RankQuery.count("follow", D1, false, at, 5))) {
      List<RankResult.Entry> a = db.topK(q).entries();
      List<RankResult.Entry> b = ref.topK(q).entries();
      assertThat(EngineTest.keys(db.topK(q)))
          .as("top-K " + q)
          .isEqualTo(EngineTest.keys(ref.topK(q)));
      for (int i = 0; i < a.size(); i++) {
        assertThat(EngineModelTest.close(a.get(i).score(), b.get(i).score()))
            .as(a + " vs " + b)
            .isTrue();
      }
    }
    assertThat(list(db.scanSignals(null, null)))
        .containsExactlyElementsOf(list(ref.scanSignals(null, null)));
  }

  @Test
  void reopenAfterClose_equalsBefore() {
    db = TidalDB.open(config());
    populate(0);
    db.checkpoint();
    populate(1);
    assertSame();
    db.close();
    db = TidalDB.open(config());
    assertSame();
    populate(2);
    db.close();
    db = TidalDB.open(config());
    assertSame();
    assertThat(db.insertRow("log", new Object[] {"next", null})).isEqualTo(61L);
  }

  @Test
  void crash_recoversFromCheckpointPlusWal() {
    db = TidalDB.open(config());
    populate(0);
    db.checkpoint();
    populate(1);
    ((Engine) db).crashForTesting();
    db = TidalDB.open(config());
    assertSame();
    populate(2);
    ((Engine) db).crashForTesting();
    db = TidalDB.open(config());
    assertSame();
    assertThat(db.stats().checkpointSequence()).isPositive();
  }

  @Test
  void crash_beforeAnyCheckpoint_replaysWholeWal() {
    db = TidalDB.open(config());
    populate(0);
    ((Engine) db).crashForTesting();
    db = TidalDB.open(config());
    assertSame();
  }

  @Test
  void dropAndRecreate_acrossCheckpoint_keepsNoOldData() {
    db = TidalDB.open(config());
    populate(0);
    db.checkpoint();
    both(
        d -> {
          d.dropSignalType("follow");
          d.dropTable("users");
          d.createTable(EngineTest.users());
          d.createSignalType(new SignalType("follow", "users", List.of(D1), List.of(D1)), false);
          d.signal("follow", 9L, 1.0, T0);
        });
    db.checkpoint();
    db.close();
    db = TidalDB.open(config());
    assertSame();
  }

  @Test
  void secondOpen_isLocked_createFalse_notFound_readOnly_rejectsWrites() {
    db = TidalDB.open(config());
    populate(0);
    assertCode(
        () -> TidalDB.open(config()), ErrorCode.DATABASE_LOCKED, dir.getFileName().toString());
    db.close();
    assertCode(
        () -> TidalDB.open(Config.builder().directory(dir.resolve("nope")).create(false).build()),
        ErrorCode.DATABASE_NOT_FOUND,
        "nope");
    db = TidalDB.open(config().toBuilder().readOnly(true).create(false).build());
    assertSame();
    assertCode(() -> db.signal("view", "i1", 1, T0), ErrorCode.READ_ONLY, "signal");
  }
}
