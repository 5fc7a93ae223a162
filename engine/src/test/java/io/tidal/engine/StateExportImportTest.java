package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import io.tidal.testing.ReferenceDB;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TidalDB#exportState} / {@link TidalDB#importState} (the cluster's hand-off of folded
 * ledger state): random signals over four days on a type retaining one hour, so most are folded;
 * each entity's states exported from one database and imported into a fresh one give the same
 * decay scores, windowed counts and velocities as the brute-force {@link ReferenceDB}, also after
 * a checkpoint and a reopen (the import is durable from the checkpoint on). Bytes that do not
 * decode are refused with {@code CORRUPT} and change nothing.
 */
class StateExportImportTest {
  private static final long T0 = 1_793_491_200_000L; // 2026-11-01
  private static final Duration H1 = Duration.ofHours(1);
  private static final Duration H6 = Duration.ofHours(6);
  private static final SignalType CLICK =
      new SignalType("click", "items", List.of(H1, H6), List.of(H1), H1);

  @TempDir Path dir;

  @Test
  void importedStatesAnswerAsTheExportingDatabase() {
    long seed = Seeds.seed("StateExportImportTest");
    Random rnd = new Random(seed);
    ReferenceDB ref = new ReferenceDB();
    Config from = Config.builder().directory(dir.resolve("a")).backgroundThreads(false).build();
    Config to = Config.builder().directory(dir.resolve("b")).backgroundThreads(false).build();
    long now = T0;
    try (TidalDB a = TidalDB.open(from);
        TidalDB b = TidalDB.open(to)) {
      for (TidalDB d : List.of(a, b, ref)) {
        d.createTable(
            new EntityTable("items", List.of(new Column("id", ColumnType.VARCHAR, false)), 0));
        d.createSignalType(CLICK, false);
      }
      List<Signal> signals = new java.util.ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        now += rnd.nextInt(200_000);
        double w = rnd.nextInt(6) == 0 ? -rnd.nextDouble() : 1 + rnd.nextInt(3);
        signals.add(new Signal("click", "e" + rnd.nextInt(30), w, now, null));
      }
      a.signalBatch(signals); // one fsync
      signals.forEach(ref::signal);
      a.checkpoint();
      for (int e = 0; e < 32; e++) { // e30, e31: no signals, no state
        byte[] state = a.exportState("click", "e" + e);
        assertThat(state == null).as("e%d has a state", e).isEqualTo(e >= 30);
        if (state != null) {
          b.importState("click", "e" + e, state);
        }
      }
      same(b, ref, now, seed);
      assertThatThrownBy(() -> b.importState("click", "e1", new byte[] {2, 2, 0}))
          .isInstanceOfSatisfying(
              TidalException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.CORRUPT));
      same(b, ref, now, seed);
      b.checkpoint();
    }
    try (TidalDB b = TidalDB.open(to)) {
      same(b, ref, now, seed);
    }
  }

  private static void same(TidalDB db, ReferenceDB ref, long now, long seed) {
    for (int e = 0; e < 32; e++) {
      String k = "e" + e;
      for (Duration h : List.of(H1, H6)) {
        double want = ref.decayScore("click", k, h, now);
        assertThat(db.decayScore("click", k, h, now))
            .as("seed %d %s decay %s", seed, k, h)
            .isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
      }
      assertThat(db.windowedCount("click", k, H1, now))
          .as("seed %d %s count", seed, k)
          .isEqualTo(ref.windowedCount("click", k, H1, now));
    }
  }
}
