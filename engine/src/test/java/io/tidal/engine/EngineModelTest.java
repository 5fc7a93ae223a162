package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.ErrorCode;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.Transaction;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import io.tidal.testing.ManualClock;
import io.tidal.testing.ReferenceDB;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateful model test: seeded random sequences of signals (late, negative, duplicate-key, with and
 * without actors, invalid), row writes and deletes, erasures by type/entity/actor, transactions,
 * reads, top-K, clock moves, checkpoints, simulated crashes and reopens,
 * each applied to a directory database and to {@link ReferenceDB}; every outcome (value or error code)
 * must agree. Decay within 1e-9 relative (absolute below 1), counts exact (queried within the
 * ledger's exact range), top-K equal up to floating-point near-ties.
 */
class EngineModelTest {
  static final long T0 = 1_800_000_000_000L;
  static final Duration M10 = Duration.ofMinutes(10);
  static final Duration H1 = Duration.ofHours(1);
  static final Duration D1 = Duration.ofDays(1);
  static final Duration D7 = Duration.ofDays(7);

  @TempDir Path dir;

  private TidalDB db;
  private ReferenceDB ref;
  private ManualClock clock;
  private Random rnd;
  private Config config;
  private final List<Signal> dedupCandidates = new ArrayList<>();

  /** Checkpoints seen so far. */
  private int checkpoints;

  private long lastCheckpointSeq;

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void randomOperations_matchReference_acrossCheckpointsCrashesAndReopens() {
    long seed = Seeds.seed("EngineModelTest.randomOperations");
    rnd = new Random(seed);
    clock = new ManualClock(T0);
    config =
        Config.builder()
            .directory(dir)
            .clock(clock)
            .durability(Durability.ASYNC)
            .backgroundThreads(false)
            .checkpointEveryEvents(rnd.nextBoolean() ? 0 : 40 + rnd.nextInt(100))
            .walSegmentBytes(4096 << rnd.nextInt(6))
            .build();
    db = TidalDB.open(config);
    ref = new ReferenceDB();
    both(
        d -> {
          d.createTable(
              new EntityTable(
                  "items",
                  List.of(
                      new Column("id", ColumnType.VARCHAR, false),
                      new Column("n", ColumnType.INTEGER, false),
                      new Column("note", ColumnType.VARCHAR, true)),
                  0));
          d.createTable(
              new EntityTable("users", List.of(new Column("uid", ColumnType.BIGINT, false)), 0));
          d.createTable(
              new EntityTable("log", List.of(new Column("msg", ColumnType.VARCHAR, true)), -1));
          d.createSignalType(
              new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1)), false);
          d.createSignalType(new SignalType("like", "items", List.of(M10), List.of(D7)), false);
          d.createSignalType(new SignalType("follow", "users", List.of(D1), List.of(H1)), false);
        });
    int steps = Seeds.tries(700);
    for (int step = 0; step < steps; step++) {
      try {
        step();
        long cs = db.stats().checkpointSequence();
        if (cs != lastCheckpointSeq) {
          lastCheckpointSeq = cs;
          checkpoints++;
        }
      } catch (AssertionError e) {
        throw new AssertionError("step " + step + " (seed " + seed + "): " + e.getMessage(), e);
      }
    }
    reopen(false);
    checkAll();
  }

  private void step() {
    int p = rnd.nextInt(100);
    if (p < 30) {
      Signal s = randomSignal();
      same("signal " + s, d -> d.signal(s), Objects::equals);
    } else if (p < 36) {
      List<Signal> batch = new ArrayList<>();
      for (int i = rnd.nextInt(6); i >= 0; i--) {
        batch.add(rnd.nextInt(30) == 0 ? badSignal() : randomSignal());
      }
      same(
          "batch " + batch,
          d -> d.signalBatch(batch),
          (x, y) -> Arrays.equals((boolean[]) x, (boolean[]) y));
    } else if (p < 40 && !dedupCandidates.isEmpty()) {
      Signal s = dedupCandidates.get(rnd.nextInt(dedupCandidates.size()));
      if (safelyRetained(s.type(), s.timestamp())) { // its key is remembered while it is retained
        // a retry: the same key, whatever the weight and time (a default ts of now)
        Signal retry =
            rnd.nextBoolean()
                ? s
                : new Signal(
                    s.type(),
                    s.entityKey(),
                    s.weight() + 1,
                    clock.millis(),
                    s.dedupKey(),
                    s.actorId());
        same("repeat " + retry, d -> d.signal(retry), Objects::equals);
      }
    } else if (p < 43) {
      erase();
    } else if (p < 52) {
      rowWrite();
    } else if (p < 57) {
      transaction();
    } else if (p < 70) {
      pointReads();
    } else if (p < 76) {
      topK();
    } else if (p < 82) {
      clock.advance(rnd.nextInt(30 * 60_000));
    } else if (p < 85) {
      Signal s = badSignal();
      same("bad " + s, d -> d.signal(s), Objects::equals);
    } else if (p < 88) {
      db.checkpoint();
    } else if (p < 91) {
      reopen(true);
    } else if (p < 93) {
      reopen(false);
    } else if (p < 96) {
      checkRows();
    } else {
      checkSignals();
    }
  }

  private String itemKey() {
    return "k" + rnd.nextInt(20);
  }

  private Signal randomSignal() {
    long ts =
        clock.millis()
            - (rnd.nextInt(4) == 0 ? rnd.nextInt(2 * 86_400_000) : rnd.nextInt(3_600_000))
            + rnd.nextInt(600_000);
    double w = rnd.nextInt(5) == 0 ? -rnd.nextInt(3) - 0.5 : 1 + rnd.nextInt(3);
    String dedup = rnd.nextInt(4) == 0 ? "d" + rnd.nextInt(1000) : null;
    String actor = rnd.nextBoolean() ? actor() : null;
    int t = rnd.nextInt(3);
    Signal s =
        t == 2
            ? new Signal("follow", (long) rnd.nextInt(20) - 5, w, ts, dedup, actor)
            : new Signal(t == 0 ? "view" : "like", itemKey(), w, ts, dedup, actor);
    if (dedup != null) {
      dedupCandidates.add(s);
    }
    return s;
  }

  private String actor() {
    return "u" + rnd.nextInt(6);
  }

  /**
   * Whether a signal of {@code type} at {@code ts} is surely still retained by the engine: later than
   * any horizon so far (no signal is later than the clock plus ten minutes, and the clock only
   * moves forward), so neither the warm tier nor the ledger can have pruned or folded it.
   */
  private boolean safelyRetained(String type, long ts) {
    long retention = ref.schema().requireSignalType(type).longestWindowMs() + 86_400_000L;
    return ts > clock.millis() + 600_000 - retention;
  }

  /**
   * An erasure by a random conjunction of type, entity and actor; run only when every signal it
   * matches is surely retained (older ones may already be folded into decay values, which an
   * erasure cannot reach one by one, while the reference keeps every signal).
   */
  private void erase() {
    String type =
        rnd.nextInt(3) == 0 ? null : List.of("view", "like", "follow").get(rnd.nextInt(3));
    Object key =
        rnd.nextInt(3) == 0
            ? null
            : "follow".equals(type) ? (Object) ((long) rnd.nextInt(20) - 5) : itemKey();
    String actor = rnd.nextInt(4) == 0 ? null : actor();
    if (type == null && key == null && actor == null) {
      actor = actor();
    }
    String t = type;
    Object k = key;
    String a = actor;
    List<Signal> matching = new ArrayList<>();
    ref.scanSignals(t, null, a)
        .forEachRemaining(
            x -> {
              if (k == null || x.entityKey().equals(k)) {
                matching.add(x);
              }
            });
    if (matching.stream().allMatch(x -> safelyRetained(x.type(), x.timestamp()))) {
      same(
          "erase type=" + t + " key=" + k + " actor=" + a,
          d -> d.eraseSignals(t, k, a),
          Objects::equals);
    }
  }

  private Signal badSignal() {
    return switch (rnd.nextInt(5)) {
      case 0 -> new Signal("view", itemKey(), Double.NaN, clock.millis());
      case 1 -> new Signal("view", itemKey(), Double.POSITIVE_INFINITY, clock.millis());
      case 2 -> new Signal("nosuch", itemKey(), 1, clock.millis());
      case 3 -> new Signal("like", itemKey(), 1, TidalDB.MIN_TIMESTAMP - 1);
      default -> new Signal("follow", "not-a-long", 1, clock.millis());
    };
  }

  private Object[] randomItem(String key) {
    return new Object[] {
      key, rnd.nextInt(5) == 0 ? null : rnd.nextInt(100), rnd.nextBoolean() ? "x" : null
    };
  }

  private void rowWrite() {
    String k = itemKey();
    switch (rnd.nextInt(5)) {
      case 0, 1 -> {
        Object[] row = randomItem(k);
        same("insert " + Arrays.toString(row), d -> d.insertRow("items", row), Objects::equals);
      }
      case 2 -> {
        Object[] row = randomItem(rnd.nextBoolean() ? k : itemKey());
        same("update " + k, d -> d.updateRow("items", k, row), Objects::equals);
      }
      case 3 -> same("delete " + k, d -> d.deleteRow("items", k), Objects::equals);
      default -> {
        if (rnd.nextBoolean()) {
          same("insert log", d -> d.insertRow("log", new Object[] {"m"}), Objects::equals);
        } else {
          long id = 1 + rnd.nextInt(20);
          same("delete log " + id, d -> d.deleteRow("log", id), Objects::equals);
        }
      }
    }
  }

  private void transaction() {
    Transaction a = db.begin();
    Transaction b = ref.begin();
    List<Object[]> plan = new ArrayList<>();
    for (int i = rnd.nextInt(5); i >= 0; i--) {
      plan.add(
          rnd.nextInt(3) == 0
              ? new Object[] {"signal", randomSignal()}
              : new Object[] {"insert", randomItem(itemKey())});
    }
    for (Object[] op : plan) {
      Function<Transaction, Object> f =
          op[0].equals("signal")
              ? t -> t.signal((Signal) op[1])
              : t -> t.insertRow("items", (Object[]) op[1]);
      compare("tx " + op[0], () -> f.apply(a), () -> f.apply(b), Objects::equals);
    }
    if (rnd.nextBoolean()) {
      compare(
          "commit",
          () -> {
            a.commit();
            return true;
          },
          () -> {
            b.commit();
            return true;
          },
          Objects::equals);
    } else {
      a.rollback();
      b.rollback();
    }
    a.close();
    b.close();
  }

  private long randomAt() {
    return clock.millis() + rnd.nextInt(7_200_000) - 3_600_000;
  }

  private void pointReads() {
    long at = randomAt();
    String k = itemKey();
    Duration h = rnd.nextBoolean() ? H1 : D1;
    same("decay view " + k, d -> d.decayScore("view", k, h, at), EngineModelTest::close);
    same("decay like " + k, d -> d.decayScore("like", k, M10, at), EngineModelTest::close);
    same("count view " + k, d -> d.windowedCount("view", k, H1, at), Objects::equals);
    same("count like " + k, d -> d.windowedCount("like", k, D7, at), Objects::equals);
    long u = rnd.nextInt(20) - 5;
    same("velocity follow " + u, d -> d.velocity("follow", u, H1, at), Objects::equals);
    same("undeclared", d -> d.decayScore("view", k, M10, at), Objects::equals);
  }

  private void topK() {
    long at = randomAt();
    int k = 1 + rnd.nextInt(8);
    RankQuery q =
        switch (rnd.nextInt(4)) {
          case 0 -> RankQuery.decay("view", H1, at, k);
          case 1 ->
              new RankQuery(
                  List.of(
                      new RankQuery.Decay(1.0, "view", D1), new RankQuery.Decay(2.5, "like", M10)),
                  at,
                  k,
                  rnd.nextInt(3),
                  null);
          case 2 ->
              RankQuery.count("like", D7, rnd.nextBoolean(), at, k).withOffset(rnd.nextInt(2));
          default -> RankQuery.decay("follow", D1, at, k).withFilter(key -> (Long) key % 2 == 0);
        };
    RankResult a = null;
    RankResult b = null;
    ErrorCode ca = null;
    ErrorCode cb = null;
    try {
      a = db.topK(q);
    } catch (TidalException e) {
      ca = e.code();
    }
    try {
      b = ref.topK(q);
    } catch (TidalException e) {
      cb = e.code();
    }
    assertThat(ca).as("top-K error of " + q).isEqualTo(cb); // e.g. BEFORE_HORIZON on both
    if (ca != null) {
      return;
    }
    assertThat(a.entries()).as("top-K size " + q).hasSameSizeAs(b.entries());
    assertThat(new HashSet<>(keys(a))).as("top-K keys distinct").hasSize(a.entries().size());
    for (int i = 0; i < a.entries().size(); i++) {
      RankResult.Entry e = a.entries().get(i);
      assertThat(close(e.score(), b.entries().get(i).score()))
          .as("score #" + i + " of " + q + ": " + a + " vs " + b)
          .isTrue();
      assertThat(close(e.score(), exactScore(q, e.key()))).as("true score of " + e).isTrue();
    }
  }

  private double exactScore(RankQuery q, Object key) {
    RankQuery single = new RankQuery(q.terms(), q.at(), RankQuery.MAX_K, 0, k -> k.equals(key));
    List<RankResult.Entry> es = ref.topK(single).entries();
    return es.isEmpty() ? 0 : es.get(0).score();
  }

  private static List<Object> keys(RankResult r) {
    List<Object> out = new ArrayList<>();
    r.entries().forEach(e -> out.add(e.key()));
    return out;
  }

  private void reopen(boolean crash) {
    if (crash) {
      ((Engine) db).crashForTesting();
    } else {
      db.close();
    }
    db = TidalDB.open(config);
    checkAll();
  }

  private void checkAll() {
    checkRows();
    checkSignals();
    for (int i = 0; i < 20; i++) {
      String k = "k" + i;
      long at = clock.millis();
      same("decay " + k, d -> d.decayScore("view", k, D1, at), EngineModelTest::close);
      same("count " + k, d -> d.windowedCount("like", k, D7, at), Objects::equals);
    }
  }

  private void checkRows() {
    for (String t : List.of("items", "users", "log")) {
      List<Object[]> a = EngineTest.list(db.scanRows(t));
      List<Object[]> b = EngineTest.list(ref.scanRows(t));
      assertThat(a).as("rows of " + t).hasSameSizeAs(b);
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i)).as("row " + i + " of " + t).containsExactly(b.get(i));
      }
    }
  }

  /** Retained signals: all those within each type's longest window of its latest signal must be listed. */
  private void checkSignals() {
    List<Signal> all = EngineTest.list(ref.scanSignals(null, null));
    java.util.Map<String, Long> latest = new java.util.HashMap<>();
    for (Signal s : all) {
      latest.merge(s.type(), s.timestamp(), Math::max);
    }
    List<Signal> a = recent(EngineTest.list(db.scanSignals(null, null)), latest);
    List<Signal> b = recent(all, latest);
    assertThat(a).as("retained signals").containsExactlyElementsOf(b);
    String actor = actor();
    List<Signal> byActor = recent(EngineTest.list(db.scanSignals(null, null, actor)), latest);
    assertThat(byActor)
        .as("retained signals of " + actor)
        .containsExactlyElementsOf(
            recent(EngineTest.list(ref.scanSignals(null, null, actor)), latest));
  }

  private List<Signal> recent(List<Signal> all, java.util.Map<String, Long> latest) {
    List<Signal> out = new ArrayList<>();
    for (Signal s : all) {
      long longest = ref.schema().requireSignalType(s.type()).longestWindowMs();
      long now = latest.get(s.type());
      if (s.timestamp() > now - longest) {
        out.add(s);
      }
    }
    return out;
  }

  static boolean close(Object a, Object b) {
    double x = ((Number) a).doubleValue();
    double y = ((Number) b).doubleValue();
    return Math.abs(x - y) <= 1e-9 * Math.max(1.0, Math.abs(y));
  }

  private void both(Consumer<TidalDB> op) {
    op.accept(db);
    op.accept(ref);
  }

  private <T> void same(String what, Function<TidalDB, T> op, BiPredicate<Object, Object> eq) {
    compare(what, () -> op.apply(db), () -> op.apply(ref), eq);
  }

  private static void compare(
      String what,
      java.util.function.Supplier<Object> engine,
      java.util.function.Supplier<Object> reference,
      BiPredicate<Object, Object> eq) {
    Object a = null;
    Object b = null;
    ErrorCode ca = null;
    ErrorCode cb = null;
    try {
      a = engine.get();
    } catch (TidalException e) {
      ca = e.code();
    }
    try {
      b = reference.get();
    } catch (TidalException e) {
      cb = e.code();
    }
    if (!Objects.equals(ca, cb)) {
      fail(what + ": engine " + (ca != null ? ca : a) + " vs reference " + (cb != null ? cb : b));
    }
    if (ca == null && !eq.test(a, b)) {
      fail(what + ": engine " + render(a) + " vs reference " + render(b));
    }
  }

  private static String render(Object o) {
    return o instanceof boolean[] z ? Arrays.toString(z) : String.valueOf(o);
  }
}
