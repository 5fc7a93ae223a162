package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Config;
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
import io.tidal.testing.ReferenceDB;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade on an in-memory database, each behaviour checked against {@link ReferenceDB}. */
class EngineTest {
  static final Duration H1 = Duration.ofHours(1);
  static final Duration D1 = Duration.ofDays(1);
  static final long T0 = 1_700_000_000_000L;

  private TidalDB db;
  private ReferenceDB ref;

  static EntityTable items() {
    return new EntityTable(
        "items",
        List.of(
            new Column("id", ColumnType.VARCHAR, false),
            new Column("title", ColumnType.VARCHAR, true),
            new Column("n", ColumnType.INTEGER, false),
            new Column("price", ColumnType.DECIMAL, true)),
        0);
  }

  static EntityTable users() {
    return new EntityTable(
        "users",
        List.of(
            new Column("uid", ColumnType.BIGINT, false),
            new Column("name", ColumnType.VARCHAR, true)),
        0);
  }

  static EntityTable log() {
    return new EntityTable(
        "log",
        List.of(
            new Column("msg", ColumnType.VARCHAR, true),
            new Column("at", ColumnType.TIMESTAMP, true)),
        -1);
  }

  /** Runs {@code op} on both the engine and the reference. */
  private void both(Consumer<TidalDB> op) {
    op.accept(db);
    op.accept(ref);
  }

  @BeforeEach
  void setUp() {
    db = TidalDB.open(Config.builder().inMemory().build());
    ref = new ReferenceDB();
    both(
        d -> {
          d.createTable(items());
          d.createTable(users());
          d.createTable(log());
          d.createSignalType(
              new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1)), false);
          d.createSignalType(new SignalType("follow", "users", List.of(D1), List.of(D1)), false);
        });
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void rows_insertUpdateDeleteScan_matchReference() {
    both(
        d -> {
          d.insertRow("items", new Object[] {"b", "B", 2, new BigDecimal("1.50")});
          d.insertRow("ITEMS", new Object[] {"a", null, 1L, 3});
          d.updateRow("items", "b", new Object[] {"c", "C", 3, null});
          d.insertRow("users", new Object[] {5, "five"});
          d.insertRow("users", new Object[] {-7L, "minus seven"});
        });
    assertThat(db.row("items", "c").orElseThrow()).containsExactly("c", "C", 3, null);
    assertThat(db.row("items", "b")).isEmpty();
    assertThat(db.row("items", "a").orElseThrow())
        .containsExactly("a", null, 1, BigDecimal.valueOf(3));
    assertRowsEqual("items");
    assertRowsEqual("users");
    assertThat(list(db.scanRows("users")).get(0)[0]).isEqualTo(-7L);
    assertThat(db.deleteRow("items", "a")).isTrue();
    assertThat(db.deleteRow("items", "a")).isFalse();
    assertThat(db.updateRow("items", "zz", new Object[] {"zz", null, 1, null})).isFalse();
  }

  @Test
  void keylessTable_getsHiddenRowIds() {
    Object k1 = db.insertRow("log", new Object[] {"one", T0});
    Object k2 = db.insertRow("log", new Object[] {"two", null});
    assertThat(k1).isEqualTo(1L);
    assertThat(k2).isEqualTo(2L);
    assertThat(db.row("log", 2L).orElseThrow()).containsExactly("two", null);
    assertThat(db.deleteRow("log", 1L)).isTrue();
    assertThat(list(db.scanRows("log"))).hasSize(1);
  }

  @Test
  void signals_readsEqualReference() {
    long[] ts = {T0, T0 + 1000, T0 - 3_600_000, T0 + 7_200_000, T0 + 86_400_000};
    both(
        d -> {
          for (int i = 0; i < ts.length; i++) {
            d.signal("view", "i" + (i % 3), i - 1.5, ts[i]);
            d.signal("follow", (long) i, 1.0, ts[i]);
          }
        });
    for (long at : new long[] {T0, T0 + 3_600_000, T0 + 90_000_000}) {
      for (String k : List.of("i0", "i1", "i2", "nobody")) {
        for (Duration h : List.of(H1, D1)) {
          assertThat(db.decayScore("view", k, h, at))
              .isCloseTo(
                  ref.decayScore("view", k, h, at), org.assertj.core.api.Assertions.within(1e-9));
          assertThat(db.windowedCount("view", k, h, at))
              .isEqualTo(ref.windowedCount("view", k, h, at));
          assertThat(db.velocity("view", k, h, at)).isEqualTo(ref.velocity("view", k, h, at));
        }
      }
    }
    assertThat(list(db.scanSignals(null, null)))
        .containsExactlyElementsOf(list(ref.scanSignals(null, null)));
    assertThat(list(db.scanSignals("view", "i1")))
        .containsExactlyElementsOf(list(ref.scanSignals("view", "i1")));
    assertThat(db.stats().signals()).isEqualTo(10);
  }

  @Test
  void topK_tiesOrderedByKey_withOffsetAndFilter() {
    both(
        d -> {
          for (String k : List.of("e", "b", "d", "a", "c")) {
            d.signal("view", k, 1.0, T0);
          }
          d.signal("view", "z", 5.0, T0);
        });
    RankQuery q = RankQuery.decay("view", H1, T0, 3);
    assertThat(keys(db.topK(q))).containsExactly("z", "a", "b");
    assertThat(keys(db.topK(q.withOffset(2)))).containsExactly("b", "c", "d");
    assertThat(keys(db.topK(q.withFilter(k -> !k.equals("a"))))).containsExactly("z", "b", "c");
    for (RankQuery x : List.of(q, q.withOffset(4), RankQuery.count("view", D1, true, T0, 10))) {
      assertThat(db.topK(x).entries()).isEqualTo(ref.topK(x).entries());
    }
  }

  /** Without ties at the boundary a top-K is one walk of k + 1 entries, not a second walk of 2k. */
  @Test
  void topK_withoutTies_walksOnce() {
    for (int i = 0; i < 1_000; i++) {
      db.signal("view", "e" + i, 1.0 + i, T0);
    }
    RankResult r = db.topK(RankQuery.decay("view", H1, T0, 10));
    assertThat(keys(r)).startsWith("e999", "e998");
    assertThat(r.touched()).as("entries touched").isLessThanOrEqualTo(12);
  }

  @Test
  void transaction_commitIsAtomic_rollbackDiscards() {
    try (Transaction tx = db.begin()) {
      tx.insertRow("items", new Object[] {"t1", null, 1, null});
      tx.signal(new Signal("view", "t1", 1.0, T0));
      assertThat(tx.row("items", "t1")).isPresent();
      assertThat(db.row("items", "t1")).isEmpty();
      assertThat(db.windowedCount("view", "t1", H1, T0)).isZero();
      tx.commit();
    }
    assertThat(db.row("items", "t1")).isPresent();
    assertThat(db.windowedCount("view", "t1", H1, T0)).isEqualTo(1);
    try (Transaction tx = db.begin()) {
      tx.deleteRow("items", "t1");
      tx.signal(new Signal("view", "t1", 1.0, T0));
      assertThat(list(tx.scanRows("items"))).isEmpty();
      tx.rollback();
    }
    assertThat(db.row("items", "t1")).isPresent();
    assertThat(db.windowedCount("view", "t1", H1, T0)).isEqualTo(1);
  }

  @Test
  void transaction_keyTakenByConcurrentCommit_failsWholly() {
    Transaction tx = db.begin();
    tx.insertRow("items", new Object[] {"k", null, 1, null});
    tx.signal(new Signal("view", "k", 1.0, T0));
    db.insertRow("items", new Object[] {"k", "other", 2, null});
    assertThatThrownBy(tx::commit)
        .isInstanceOf(TidalException.class)
        .satisfies(e -> assertThat(((TidalException) e).code()).isEqualTo(ErrorCode.DUPLICATE_KEY));
    assertThat(db.row("items", "k").orElseThrow()[1]).isEqualTo("other");
    assertThat(db.windowedCount("view", "k", H1, T0)).isZero();
  }

  @Test
  void dedupKey_dropsRepeats() {
    assertThat(db.signal(new Signal("view", "a", 1.0, T0, "d1"))).isTrue();
    assertThat(db.signal(new Signal("view", "a", 1.0, T0, "d1"))).isFalse();
    assertThat(
            db.signalBatch(
                List.of(
                    new Signal("view", "a", 1.0, T0, "d2"),
                    new Signal("view", "a", 1.0, T0, "d2"),
                    new Signal("view", "a", 1.0, T0))))
        .containsExactly(true, false, true);
    assertThat(db.windowedCount("view", "a", H1, T0)).isEqualTo(3);
    assertThat(db.stats().duplicates()).isEqualTo(2);
  }

  @Test
  void schema_replaceSignalTypeDiscardsSignals_dropTableInUseFails() {
    db.signal("view", "a", 1.0, T0);
    db.createSignalType(new SignalType("view", "items", List.of(H1), List.of(H1)), true);
    assertThat(db.windowedCount("view", "a", H1, T0)).isZero();
    assertCode(() -> db.dropTable("items"), ErrorCode.OBJECT_IN_USE, "view");
    assertCode(() -> db.createTable(items()), ErrorCode.DUPLICATE_TABLE, "items");
    assertCode(
        () -> db.createSignalType(new SignalType("x", "log", List.of(H1), List.of(H1)), false),
        ErrorCode.NO_PRIMARY_KEY,
        "log");
    db.dropSignalType("view");
    db.dropTable("items");
    assertCode(() -> db.row("items", "a"), ErrorCode.UNKNOWN_TABLE, "items");
  }

  @Test
  void badInput_namesValue_leavesStateUnchanged() {
    db.insertRow("items", new Object[] {"a", null, 1, null});
    db.signal("view", "a", 1.0, T0);
    assertCode(() -> db.signal("view", "a", Double.NaN, T0), ErrorCode.INVALID_WEIGHT, "NaN");
    assertCode(
        () -> db.signal("view", "a", Double.NEGATIVE_INFINITY, T0),
        ErrorCode.INVALID_WEIGHT,
        "-Infinity");
    assertCode(() -> db.signal("nope", "a", 1, T0), ErrorCode.UNKNOWN_SIGNAL_TYPE, "nope");
    assertCode(
        () -> db.signal("view", "a", 1, TidalDB.MAX_TIMESTAMP + 1),
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(TidalDB.MAX_TIMESTAMP + 1));
    assertCode(
        () -> db.signal("view", "a", 1, Long.MIN_VALUE),
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(Long.MIN_VALUE));
    assertCode(() -> db.signal("view", 42L, 1, T0), ErrorCode.INVALID_VALUE, "42");
    assertCode(() -> db.signal("follow", "x7", 1, T0), ErrorCode.INVALID_VALUE, "x7");
    assertCode(
        () ->
            db.signalBatch(
                List.of(new Signal("view", "a", 1, T0), new Signal("view", "a", Double.NaN, T0))),
        ErrorCode.INVALID_WEIGHT,
        "NaN");
    assertCode(
        () -> db.decayScore("view", "a", Duration.ofMinutes(7), T0),
        ErrorCode.UNDECLARED_DURATION,
        "7m");
    assertCode(
        () -> db.windowedCount("view", "a", Duration.ofDays(9), T0),
        ErrorCode.UNDECLARED_DURATION,
        "9d");
    assertCode(
        () -> db.decayScore("view", "nobody", H1, Long.MAX_VALUE),
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(Long.MAX_VALUE));
    assertCode(
        () -> db.windowedCount("view", "a", H1, Long.MIN_VALUE),
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(Long.MIN_VALUE));
    assertCode(
        () -> db.insertRow("items", new Object[] {"a", null, 1, null}),
        ErrorCode.DUPLICATE_KEY,
        "'a'");
    assertCode(
        () -> db.insertRow("items", new Object[] {"b", null}), ErrorCode.INVALID_VALUE, "count=2");
    assertCode(
        () -> db.insertRow("items", new Object[] {"b", null, "three", null}),
        ErrorCode.INVALID_VALUE,
        "three");
    assertCode(
        () -> db.insertRow("items", new Object[] {"b", null, null, null}),
        ErrorCode.NOT_NULL_VIOLATION,
        "'n'");
    assertCode(
        () -> db.insertRow("items", new Object[] {null, null, 1, null}),
        ErrorCode.NOT_NULL_VIOLATION,
        "'id'");
    assertCode(() -> db.insertRow("nope", new Object[] {1}), ErrorCode.UNKNOWN_TABLE, "nope");
    assertCode(
        () -> db.topK(RankQuery.decay("view", H1, T0, -1)), ErrorCode.INVALID_ARGUMENT, "k=-1");
    assertThat(db.windowedCount("view", "a", H1, T0)).isEqualTo(1);
    assertThat(list(db.scanRows("items"))).hasSize(1);
    assertThat(db.stats().signals()).isEqualTo(1);
  }

  @Test
  void closed_rejectsEverything() {
    db.close();
    db.close();
    assertCode(() -> db.signal("view", "a", 1, T0), ErrorCode.CLOSED, "closed");
    assertCode(() -> db.row("items", "a"), ErrorCode.CLOSED, "closed");
  }

  @Test
  void readOnly_rejectsWrites() {
    try (TidalDB ro = TidalDB.open(Config.builder().inMemory().readOnly(true).build())) {
      assertCode(() -> ro.createTable(items()), ErrorCode.READ_ONLY, "CREATE TABLE");
    }
  }

  static void assertCode(Runnable r, ErrorCode code, String inMessage) {
    assertThatThrownBy(r::run)
        .isInstanceOf(TidalException.class)
        .satisfies(e -> assertThat(((TidalException) e).code()).isEqualTo(code))
        .hasMessageContaining(inMessage);
  }

  private void assertRowsEqual(String table) {
    List<Object[]> a = list(db.scanRows(table));
    List<Object[]> b = list(ref.scanRows(table));
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).containsExactly(b.get(i));
    }
  }

  static <T> List<T> list(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  static List<Object> keys(RankResult r) {
    List<Object> out = new ArrayList<>();
    r.entries().forEach(e -> out.add(e.key()));
    return out;
  }
}
