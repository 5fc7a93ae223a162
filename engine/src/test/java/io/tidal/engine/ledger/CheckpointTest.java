package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.DAY;
import static io.tidal.engine.ledger.Fixtures.HOUR;
import static io.tidal.engine.ledger.Fixtures.LIKE;
import static io.tidal.engine.ledger.Fixtures.T0;
import static io.tidal.engine.ledger.Fixtures.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.rank.RankTerm;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** forEachState then load into a fresh ledger gives bit-identical answers and rebuilt indexes. */
class CheckpointTest {

  @Test
  void forEachStateThenLoad_randomLedger_identicalAnswers() {
    Random rnd = new Random(Seeds.seed("CheckpointTest.roundTrip"));
    for (int run = 0; run < Seeds.tries(5); run++) {
      Ledger a = new Ledger();
      a.addType(VIEW);
      a.addType(LIKE);
      Fixtures.Clock clock = new Fixtures.Clock(rnd, T0);
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        long id = rnd.nextInt(200) * 0x9E3779B97F4A7C15L;
        ids.add(id);
        a.record(
            rnd.nextBoolean() ? VIEW : LIKE, EntityId.of(id), Fixtures.weight(rnd), clock.next());
      }
      // a count walk refreshes stale bounds: the bound time must survive the round trip too
      a.topK(List.of(RankTerm.count(VIEW, 1, false)), clock.max + 1, 5, 0, null);

      Ledger b = new Ledger();
      b.addType(VIEW);
      b.addType(LIKE);
      List<StateRecord> records = new ArrayList<>();
      a.forEachState(records::add);
      assertThat(records).hasSize((int) a.stateCount());
      if (run % 2 == 0) {
        for (StateRecord r : records) {
          b.load(r.type(), r.entity(), r.state());
        }
      } else {
        b.loadAll(records.iterator());
      }
      b.checkInvariants();
      assertThat(b.stateCount()).isEqualTo(a.stateCount());
      for (int q = 0; q < 300; q++) {
        long id = ids.get(rnd.nextInt(ids.size()));
        long at = clock.max - (long) (rnd.nextDouble() * 2 * DAY) + DAY / 2;
        for (SignalType type : List.of(VIEW, LIKE)) {
          for (int j = 0; j < type.halfLifeCount(); j++) {
            assertThat(b.decayScore(type, j, EntityId.of(id), at))
                .isEqualTo(a.decayScore(type, j, EntityId.of(id), at));
          }
          for (int j = 0; j < type.windowCount(); j++) {
            assertThat(b.windowedCount(type, j, EntityId.of(id), at))
                .isEqualTo(a.windowedCount(type, j, EntityId.of(id), at));
          }
          assertThat(b.signalCount(type, EntityId.of(id)))
              .isEqualTo(a.signalCount(type, EntityId.of(id)));
          assertThat(b.lastTimestamp(type, EntityId.of(id)))
              .isEqualTo(a.lastTimestamp(type, EntityId.of(id)));
        }
      }
      long at = clock.max + 1000;
      for (List<RankTerm> terms :
          List.of(
              List.of(RankTerm.decay(1, VIEW, 1)),
              List.of(RankTerm.decay(2, VIEW, 0), RankTerm.decay(1, LIKE, 0)),
              List.of(RankTerm.count(VIEW, 2, false)),
              List.of(RankTerm.count(LIKE, 0, true)))) {
        assertThat(b.topK(terms, at, 20, 3, null).entries())
            .isEqualTo(a.topK(terms, at, 20, 3, null).entries());
      }
      // and the loaded ledger keeps recording exactly like the original
      for (int i = 0; i < 200; i++) {
        long id = ids.get(rnd.nextInt(ids.size()));
        double w = Fixtures.weight(rnd);
        long t = clock.next();
        a.record(VIEW, EntityId.of(id), w, t);
        b.record(VIEW, EntityId.of(id), w, t);
      }
      List<StateRecord> ra = new ArrayList<>();
      List<StateRecord> rb = new ArrayList<>();
      a.forEachState(ra::add);
      b.forEachState(rb::add);
      assertThat(
              rb.stream()
                  .map(r -> r.entity() + java.util.Arrays.toString(r.state()))
                  .sorted()
                  .toList())
          .isEqualTo(
              ra.stream()
                  .map(r -> r.entity() + java.util.Arrays.toString(r.state()))
                  .sorted()
                  .toList());
    }
  }

  @Test
  void encode_goldenBytes_matchDocumentedLayout() {
    Ledger l = Fixtures.keepAll(LIKE);
    l.record(LIKE, EntityId.of(1), 1.0, 1000);
    l.record(LIKE, EntityId.of(1), -2.5, 2000);
    List<StateRecord> out = new ArrayList<>();
    l.forEachState(out::add);
    byte[] b = out.get(0).state();
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
    assertThat(b).hasSize(42 + 16 + 16 + 12); // k = 1, n = 2, m = 1
    assertThat(bb.get(0)).isEqualTo((byte) 2); // version
    assertThat(bb.get(1)).isEqualTo((byte) 1); // k
    assertThat(bb.getLong(2)).isEqualTo(2000); // anchor
    assertThat(bb.getLong(10)).isEqualTo(2); // total
    assertThat(bb.getLong(18)).isEqualTo(2000); // bound time
    assertThat(bb.getLong(26)).isEqualTo(Long.MIN_VALUE); // fold time: nothing folded
    assertThat(bb.getDouble(34))
        .isEqualTo(1.0 * Math.pow(2, -1000.0 / (6 * 3600_000)) - 2.5); // v_0
    assertThat(bb.getDouble(42)).isEqualTo(0.0); // f_0
    assertThat(bb.getInt(50)).isEqualTo(2); // n
    assertThat(bb.getLong(54)).isEqualTo(1000); // timestamps
    assertThat(bb.getLong(62)).isEqualTo(2000);
    assertThat(bb.getInt(70)).isEqualTo(1); // m: weights other than 1.0
    assertThat(bb.getInt(74)).isEqualTo(1); // index
    assertThat(bb.getDouble(78)).isEqualTo(-2.5); // weight
  }

  /** State format 1 (timestamps without weights) still loads: exact decay from its anchor on. */
  @Test
  void decode_version1State_answersFromItsAnchorOnAndCountsAsBefore() {
    java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(30 + 8 + 16);
    v1.put((byte) 1).put((byte) 1).putLong(T0 + 2 * HOUR).putLong(2).putLong(T0 + 2 * HOUR);
    double v = 3.0 + 1.0 * Math.pow(2, -1.0 / 6); // weight 3 at T0 + 2h, weight 1 at T0 + 1h
    v1.putDouble(v).putInt(2).putLong(T0 + HOUR).putLong(T0 + 2 * HOUR);
    Ledger l = Fixtures.keepAll(LIKE);
    l.load(LIKE, EntityId.of(7), v1.array());
    l.checkInvariants();
    assertThat(l.decayScore(LIKE, 0, EntityId.of(7), T0 + 8 * HOUR))
        .isCloseTo(v * 0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(l.windowedCount(LIKE, 0, EntityId.of(7), T0 + 8 * HOUR)).isEqualTo(2);
    assertThat(l.decayFloor(LIKE)).isEqualTo(T0 + 2 * HOUR);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> l.decayScore(LIKE, 0, EntityId.of(7), T0 + HOUR + 1))
        .hasMessageContaining("earliest exact at is " + Times.format(T0 + 2 * HOUR));
    // a new signal: the old ones stay folded, the new one is retained with its weight
    l.record(LIKE, EntityId.of(7), 2.0, T0 + 3 * HOUR);
    assertThat(l.decayScore(LIKE, 0, EntityId.of(7), T0 + 2 * HOUR + 1))
        .isCloseTo(
            v * Math.pow(2, -1.0 / (6 * 3600_000)), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(l.windowedCount(LIKE, 0, EntityId.of(7), T0 + 3 * HOUR)).isEqualTo(3);
    List<StateRecord> out = new ArrayList<>();
    l.forEachState(out::add);
    Ledger again = Fixtures.keepAll(LIKE);
    again.loadAll(out.iterator());
    again.checkInvariants();
    assertThat(again.decayFloor(LIKE)).isEqualTo(T0 + 2 * HOUR);
    assertThat(again.decayScore(LIKE, 0, EntityId.of(7), T0 + 5 * HOUR))
        .isEqualTo(l.decayScore(LIKE, 0, EntityId.of(7), T0 + 5 * HOUR));
  }

  /**
   * Incremental checkpoints: applying only the dirty states emitted after each round to a map of
   * stored states (the store) always equals a full emission, through records, loads, prunes and the
   * bound refreshes of count walks.
   */
  @Test
  void dirtyStates_appliedIncrementally_equalAFullWrite() {
    SignalType VIEW = Fixtures.VIEW_SHORT; // the shortest retention: folds often
    SignalType LIKE = Fixtures.LIKE_SHORT;
    Random rnd = new Random(Seeds.seed("CheckpointTest.dirty"));
    Ledger a = new Ledger();
    a.addType(VIEW);
    a.addType(LIKE);
    Fixtures.Clock clock = new Fixtures.Clock(rnd, T0);
    java.util.Map<String, String> stored = new java.util.HashMap<>();
    for (int round = 0; round < 40; round++) {
      int n = rnd.nextInt(300);
      for (int i = 0; i < n; i++) {
        long id = rnd.nextInt(400) * 0x9E3779B97F4A7C15L;
        a.record(
            rnd.nextBoolean() ? VIEW : LIKE, EntityId.of(id), Fixtures.weight(rnd), clock.next());
      }
      if (rnd.nextInt(3) == 0) {
        a.topK(
            List.of(RankTerm.count(VIEW, rnd.nextInt(VIEW.windowCount()), false)),
            clock.max + rnd.nextInt((int) DAY),
            5,
            0,
            null);
      }
      if (rnd.nextInt(4) == 0) {
        a.prune();
      }
      List<StateRecord> dirty = new ArrayList<>();
      a.forEachState(dirty::add, true);
      List<StateRecord> dirtyAgain = new ArrayList<>();
      a.forEachState(dirtyAgain::add, true);
      assertThat(dirtyAgain).as("emitting does not clear").hasSameSizeAs(dirty);
      if (rnd.nextInt(5) == 0) {
        continue; // a failed checkpoint: nothing stored, nothing cleared
      }
      for (StateRecord r : dirty) {
        stored.put(key(r), java.util.HexFormat.of().formatHex(r.state()));
      }
      a.clearDirty();
      dirtyAgain.clear();
      a.forEachState(dirtyAgain::add, true);
      assertThat(dirtyAgain).as("flags cleared").isEmpty();
      java.util.Map<String, String> full = new java.util.HashMap<>();
      a.forEachState(r -> full.put(key(r), java.util.HexFormat.of().formatHex(r.state())), false);
      assertThat(stored).as("round " + round).isEqualTo(full);
    }
  }

  /**
   * Group-wise checkpoints: replacing, per (type, group of 64 ids), the stored group by the states
   * emitted for it always equals a full emission; every emitted group is complete, and with
   * {@code everything} a type emits all its states. Dense ids, so groups hold many states. Copies
   * taken instead ({@code copyStatesInDirtyGroups}) encode the same bytes even after more signals
   * changed those states.
   */
  @Test
  void dirtyGroups_rewrittenWhole_equalAFullWrite() {
    SignalType VIEW = Fixtures.VIEW_SHORT; // the shortest retention: folds often
    SignalType LIKE = Fixtures.LIKE_SHORT;
    Random rnd = new Random(Seeds.seed("CheckpointTest.groups"));
    Ledger a = new Ledger();
    a.addType(VIEW);
    a.addType(LIKE);
    Fixtures.Clock clock = new Fixtures.Clock(rnd, T0);
    java.util.Map<String, java.util.Map<String, String>> stored =
        new java.util.HashMap<>(); // group -> states
    for (int round = 0; round < 40; round++) {
      int n = rnd.nextInt(100);
      for (int i = 0; i < n; i++) {
        long id = rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(1000);
        a.record(
            rnd.nextBoolean() ? VIEW : LIKE, EntityId.of(id), Fixtures.weight(rnd), clock.next());
      }
      boolean everything = rnd.nextInt(10) == 0;
      java.util.Map<String, java.util.Map<String, String>> emitted = new java.util.HashMap<>();
      a.forEachStateInDirtyGroups(
          r ->
              emitted
                  .computeIfAbsent(group(r), g -> new java.util.HashMap<>())
                  .put(key(r), java.util.HexFormat.of().formatHex(r.state())),
          6,
          t -> everything && t == VIEW);
      java.util.List<StateCopy> copies = new java.util.ArrayList<>();
      a.copyStatesInDirtyGroups(copies::add, 6, t -> everything && t == VIEW);
      stored.putAll(emitted);
      a.clearDirty();
      java.util.Map<String, java.util.Map<String, String>> full = new java.util.HashMap<>();
      a.forEachState(
          r ->
              full.computeIfAbsent(group(r), g -> new java.util.HashMap<>())
                  .put(key(r), java.util.HexFormat.of().formatHex(r.state())),
          false);
      assertThat(stored).as("round " + round).isEqualTo(full);
      // writers go on before the copies are encoded (a checkpoint encodes outside the lock):
      // the copies still encode the states as they were when copied
      for (StateCopy c : copies) {
        if (rnd.nextBoolean()) {
          a.record(c.type(), c.entity(), Fixtures.weight(rnd), clock.next());
        }
      }
      java.util.Map<String, java.util.Map<String, String>> encodedLater = new java.util.HashMap<>();
      for (StateCopy c : copies) {
        StateRecord r = c.encode();
        encodedLater
            .computeIfAbsent(group(r), g -> new java.util.HashMap<>())
            .put(key(r), java.util.HexFormat.of().formatHex(r.state()));
      }
      assertThat(encodedLater).as("copies, round " + round).isEqualTo(emitted);
      if (everything) {
        assertThat(emitted.keySet())
            .as("every VIEW group")
            .containsAll(
                full.keySet().stream().filter(g -> g.startsWith(VIEW.name() + "/")).toList());
      }
    }
  }

  private static String group(StateRecord r) {
    return r.type().name() + "/" + Long.toUnsignedString(r.entity().bits() >>> 6);
  }

  private static String key(StateRecord r) {
    return r.type().name() + "/" + Long.toUnsignedString(r.entity().bits());
  }
}
