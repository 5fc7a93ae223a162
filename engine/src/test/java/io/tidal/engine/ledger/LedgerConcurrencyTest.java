package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.DAY;
import static io.tidal.engine.ledger.Fixtures.T0;
import static io.tidal.engine.ledger.Fixtures.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.Ranked;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 8 writers on 64 shared entities (out-of-order timestamps, negative weights) while 4 readers read
 * points and rankings: no exception, counts seen only grow and never pass what was sent, and the
 * final state equals the oracle with consistent indexes (no lost or stale entries).
 */
class LedgerConcurrencyTest {
  private static final int WRITERS = 8;
  private static final int READERS = 4;
  private static final int ENTITIES = 64;
  private static final int PER_WRITER = 4000;

  /** Every timestamp lies in (END - 7d, END]: the 7-day count at END is the number recorded. */
  private static final long END = T0 + 7 * DAY - 1;

  @Test
  void recordAndRead_eightWritersFourReaders_noLostUpdates() throws Exception {
    long seed = Seeds.seed("LedgerConcurrencyTest");
    Ledger ledger = Fixtures.keepAll(VIEW);
    Oracle oracle = new Oracle();
    long[] planned = new long[ENTITIES];
    List<long[]> plans = new ArrayList<>(); // per writer: id, weight bits, t triples
    Random rnd = new Random(seed);
    for (int w = 0; w < WRITERS; w++) {
      long[] p = new long[PER_WRITER * 3];
      for (int i = 0; i < PER_WRITER; i++) {
        int e = rnd.nextInt(ENTITIES);
        double weight = Fixtures.weight(rnd);
        long t = T0 + (long) (rnd.nextDouble() * 7 * DAY);
        p[3 * i] = e;
        p[3 * i + 1] = Double.doubleToRawLongBits(weight);
        p[3 * i + 2] = t;
        planned[e]++;
        oracle.record(VIEW, e, weight, t);
      }
      plans.add(p);
    }
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicLong reads = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (long[] p : plans) {
      writers.add(
          new Thread(
              () ->
                  guard(
                      failures,
                      () -> {
                        start.await();
                        for (int i = 0; i < PER_WRITER; i++) {
                          ledger.record(
                              VIEW,
                              EntityId.of(p[3 * i]),
                              Double.longBitsToDouble(p[3 * i + 1]),
                              p[3 * i + 2]);
                        }
                      })));
    }
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      long readerSeed = seed + r;
      readers.add(
          new Thread(
              () ->
                  guard(
                      failures,
                      () -> {
                        Random rr = new Random(readerSeed);
                        long[] lastSeen = new long[ENTITIES];
                        start.await();
                        while (writing.get()) {
                          int e = rr.nextInt(ENTITIES);
                          long c = ledger.windowedCount(VIEW, 2, EntityId.of(e), END);
                          assertThat(c).isBetween(lastSeen[e], planned[e]);
                          lastSeen[e] = c;
                          assertThat(ledger.decayScore(VIEW, rr.nextInt(3), EntityId.of(e), END))
                              .isFinite();
                          TopKResult top =
                              rr.nextBoolean()
                                  ? ledger.topK(
                                      List.of(
                                          RankTerm.count(VIEW, rr.nextInt(3), rr.nextBoolean())),
                                      END,
                                      5,
                                      0,
                                      null)
                                  : ledger.topK(
                                      List.of(RankTerm.decay(1, VIEW, rr.nextInt(3))),
                                      END,
                                      5,
                                      0,
                                      null);
                          assertThat(top.entries().size()).isLessThanOrEqualTo(5);
                          reads.incrementAndGet();
                        }
                      })));
    }
    writers.forEach(Thread::start);
    readers.forEach(Thread::start);
    start.countDown();
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    System.out.println("[concurrency] reads during writes: " + reads.get());

    ledger.checkInvariants();
    for (int e = 0; e < ENTITIES; e++) {
      assertThat(ledger.signalCount(VIEW, EntityId.of(e))).isEqualTo(planned[e]);
      LedgerTest.checkPoint(ledger, oracle, VIEW, e, END);
      LedgerTest.checkPoint(ledger, oracle, VIEW, e, T0 + 3 * DAY);
    }
    for (List<RankTerm> terms :
        List.of(List.of(RankTerm.decay(1, VIEW, 1)), List.of(RankTerm.count(VIEW, 1, false)))) {
      List<Ranked> got = ledger.topK(terms, END, 20, 0, null).entries();
      assertThat(got).isEqualTo(ledger.scanTopK(terms, END, 20, 0, null).entries());
      TopKTest.assertMatches(oracle, terms, END, got, oracle.rank(terms, END, 20, 0, null));
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void guard(ConcurrentLinkedQueue<Throwable> failures, Body body) {
    try {
      body.run();
    } catch (Throwable t) {
      failures.add(t);
    }
  }
}
