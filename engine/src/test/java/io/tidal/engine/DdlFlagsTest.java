package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Config;
import io.tidal.Ddl;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.Index;
import io.tidal.schema.View;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IF [NOT] EXISTS is decided by the engine under the lock that applies a schema change: racing
 * {@code CREATE TABLE IF NOT EXISTS} statements all succeed and create one table (a check outside
 * the lock let all but one fail with "exists"), and a skipped change is not logged.
 */
class DdlFlagsTest {
  @TempDir Path dir;

  @Test
  void racingCreateIfNotExists_allSucceed_oneTableExists() throws Exception {
    int threads = 8;
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      for (int round = 0; round < 20; round++) {
        String name = "t" + round;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int i = 0; i < threads; i++) {
            done.add(
                pool.submit(
                    () -> {
                      start.await();
                      db.apply(
                          new Ddl.CreateTable(
                              new io.tidal.schema.EntityTable(
                                  name, EngineTest.items().columns(), 0),
                              true));
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get(); // throws if any of them failed
          }
        } finally {
          pool.shutdownNow();
        }
        assertThat(db.schema().table(name)).isPresent();
      }
    }
  }

  @Test
  void flagsMakeMissingOrExistingObjectsNoOps_withoutThemTheyFail() {
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.apply(new Ddl.CreateTable(EngineTest.items()));
      Index index = new Index("by_title", "items", List.of("title"), false);
      db.apply(new Ddl.CreateIndex(index));
      db.apply(new Ddl.CreateIndex(index, true));
      db.apply(new Ddl.CreateTable(EngineTest.items(), true));
      db.apply(new Ddl.DropTable("nope", true));
      db.apply(new Ddl.DropIndex("nope", true));
      db.apply(new Ddl.DropView("nope", true));
      db.apply(new Ddl.DropSignalType("nope", true));
      assertThat(db.schema().tables()).hasSize(1);
      assertThatThrownBy(() -> db.apply(new Ddl.CreateTable(EngineTest.items())))
          .isInstanceOf(TidalException.class)
          .hasMessageContaining("items");
      assertThatThrownBy(() -> db.apply(new Ddl.DropView("nope")))
          .isInstanceOf(TidalException.class)
          .hasMessageContaining("unknown view 'nope'");
      db.apply(new Ddl.CreateView(new View("v", "SELECT id FROM items"), false));
      db.apply(new Ddl.DropView("v", true));
      assertThat(db.schema().view("v")).isEmpty();
    }
  }

  @Test
  void skippedChangesAreNotLogged_reopenSeesTheSameSchema() {
    Config config = Config.builder().directory(dir).build();
    try (TidalDB db = TidalDB.open(config)) {
      db.apply(new Ddl.CreateTable(EngineTest.items()));
      for (int i = 0; i < 5; i++) {
        db.apply(new Ddl.CreateTable(EngineTest.items(), true));
        db.apply(new Ddl.DropTable("missing", true));
      }
    }
    try (TidalDB db = TidalDB.open(config)) {
      assertThat(db.schema().tables()).extracting(t -> t.name()).containsExactly("items");
    }
  }
}
