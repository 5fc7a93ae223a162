package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Durability;
import io.tidal.TidalException;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.FaultyFileLayer;
import io.tidal.testing.ManualClock;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: random workloads (10,000 events per run) through the fault-injecting file layer, with a
 * simulated power loss at a random operation (also during open, rotation and checkpoints), reopen:
 * the replayed records equal the acknowledged ones after the checkpoint exactly, plus at most the one
 * append that was in flight when the power went, whole or not at all. No duplicates. Repeats of
 * dedup-keyed signals that are still retained are dropped, also across the crashes.
 *
 * <p>Oracle: a plain list of acknowledged records indexed by sequence.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WalPowerLossPropertyTest {
  private static final int EVENTS_PER_RUN = 10_000;

  @TempDir Path tmp;

  @Test
  void randomWorkload_powerLossAtRandomOperations_replaysExactlyTheAcknowledgedRecords() {
    long seed = Seeds.seed("WalPowerLossPropertyTest");
    Random rnd = new Random(seed);
    int runs = Seeds.tries(3);
    for (int run = 0; run < runs; run++) {
      new Run(
              tmp.resolve("run" + run),
              new Random(rnd.nextLong()),
              run % 2 == 0 ? Durability.SYNC : Durability.ASYNC)
          .go();
    }
  }

  /** One run: a model of what was acknowledged and what the caller's store holds. */
  private static final class Run {
    final Path dir;
    final Random rnd;
    final Durability durability;
    final FaultyFileLayer layer = new FaultyFileLayer();
    final ManualClock clock = new ManualClock();
    final List<WalRecord> acked = new ArrayList<>();

    /** acked.size() after each acknowledged append: where an ASYNC power loss may cut. */
    final java.util.TreeSet<Integer> boundaries = new java.util.TreeSet<>(List.of(0));

    /** acked.size() at the last fsync the caller waited for (ASYNC: sync() or checkpoint). */
    int durable;

    long checkpoint;
    long walCheckpoint;
    long safeFloor;
    long nextId;
    int crashes;

    Run(Path dir, Random rnd, Durability durability) {
      this.dir = dir;
      this.rnd = rnd;
      this.durability = durability;
    }

    WalOptions options() {
      return WalOptions.builder(dir)
          .fileLayer(layer)
          .clock(clock)
          .nanoTicker(clock.ticker())
          .durability(durability)
          .segmentBytes(4096 + rnd.nextInt(3) * 8192)
          .replayFrom(checkpoint)
          .build();
    }

    void go() {
      List<WalRecord> inFlight = List.of();
      while (acked.size() < EVENTS_PER_RUN) {
        if (rnd.nextInt(10) == 0) {
          layer.crashAt(layer.operations() + 1 + rnd.nextInt(8));
        }
        Collector replay = new Collector();
        Wal wal;
        try {
          wal = Wal.open(options(), replay);
        } catch (TidalException e) {
          assertThat(layer.crashed()).as("open failed without a crash: %s", e).isTrue();
          layer.powerLoss(rnd);
          continue;
        }
        layer.clearFaults();
        checkReplay(replay, inFlight);
        walCheckpoint = checkpoint;
        layer.crashAt(layer.operations() + 1 + rnd.nextInt(80));
        inFlight = session(wal);
        wal.checkInvariants();
        try {
          wal.close();
        } catch (TidalException expected) {
          // A crash may hit the final fsync.
        }
        layer.powerLoss(rnd);
        crashes++;
      }
      Collector last = new Collector();
      layer.clearFaults();
      Wal.open(options(), last).close();
      checkReplay(last, inFlight);
      assertThat(crashes).as("crashes in the run").isGreaterThan(10);
    }

    /** Appends and checkpoints until the crash; returns the new records of the failed append. */
    List<WalRecord> session(Wal wal) {
      while (true) {
        if (rnd.nextInt(15) == 0 && !acked.isEmpty()) {
          long s = checkpoint + rnd.nextInt((int) (acked.size() - checkpoint) + 1);
          // The caller makes the log durable, persists its state, then tells the log.
          try {
            wal.sync();
          } catch (TidalException e) {
            return List.of();
          }
          durable = acked.size();
          checkpoint = s;
          try {
            wal.checkpoint(s);
          } catch (TidalException e) {
            return List.of();
          }
          safeFloor = Math.max(safeFloor, walCheckpoint);
          walCheckpoint = s;
          continue;
        }
        List<WalRecord> batch = new ArrayList<>();
        List<WalRecord> fresh = new ArrayList<>();
        int n = rnd.nextInt(20) == 0 ? 101 + rnd.nextInt(150) : 1 + rnd.nextInt(30);
        for (int i = 0; i < n; i++) {
          WalRecord repeat = rnd.nextInt(20) == 0 ? retainedDedupRecord() : null;
          if (repeat != null) {
            batch.add(repeat);
          } else {
            WalRecord r = WalTesting.random(rnd, nextId++);
            batch.add(r);
            fresh.add(r);
          }
        }
        AppendResult res;
        try {
          res = wal.append(batch);
        } catch (TidalException e) {
          return fresh;
        }
        assertThat(res.firstSequence()).isEqualTo(acked.size() + 1);
        assertThat(res.newCount())
            .as("only deliberate repeats are dropped")
            .isEqualTo(fresh.size());
        acked.addAll(fresh);
        boundaries.add(acked.size());
        if (durability == Durability.SYNC) {
          durable = acked.size();
        }
      }
    }

    /** A dedup-keyed record whose segment cannot have been deleted yet, or null. */
    WalRecord retainedDedupRecord() {
      if (acked.size() <= safeFloor) {
        return null;
      }
      WalRecord r = acked.get((int) safeFloor + rnd.nextInt((int) (acked.size() - safeFloor)));
      return r instanceof SignalRecord s && s.dedupKey() != null ? r : null;
    }

    void checkReplay(Collector replay, List<WalRecord> inFlight) {
      if (durability == Durability.ASYNC) {
        // A power loss may cut anywhere after the last waited-for fsync, at an append boundary.
        int got = (int) checkpoint + replay.records.size();
        if (got < acked.size() && got >= durable && boundaries.contains(got)) {
          acked.subList(got, acked.size()).clear();
          boundaries.tailSet(got, false).clear();
        }
      }
      List<WalRecord> expected = acked.subList((int) checkpoint, acked.size());
      List<WalRecord> got = replay.recordList();
      if (!replay.records.isEmpty()) {
        assertThat(replay.records.get(0).seq()).isEqualTo(checkpoint + 1);
      }
      if (got.size() == expected.size() + inFlight.size() && !inFlight.isEmpty()) {
        assertThat(got.subList(0, expected.size())).isEqualTo(expected);
        assertThat(got.subList(expected.size(), got.size()))
            .as("in-flight append, whole")
            .isEqualTo(inFlight);
        acked.addAll(inFlight);
        boundaries.add(acked.size());
        durable = acked.size();
      } else if (!got.equals(expected)) {
        int i = 0;
        while (i < Math.min(got.size(), expected.size()) && got.get(i).equals(expected.get(i))) {
          i++;
        }
        throw new AssertionError(
            "replay after crash "
                + crashes
                + " ("
                + durability
                + "): got "
                + got.size()
                + " records, expected "
                + expected.size()
                + " acknowledged (+"
                + inFlight.size()
                + " in flight) after checkpoint "
                + checkpoint
                + "; first difference at index "
                + i);
      }
      durable = acked.size();
    }
  }
}
