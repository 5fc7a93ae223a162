package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.FOLLOW;
import static io.tidal.engine.ledger.Fixtures.LIKE;
import static io.tidal.engine.ledger.Fixtures.T0;
import static io.tidal.engine.ledger.Fixtures.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.engine.rank.RankTerm;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is rejected with a TidalException naming the value, and the ledger is unchanged. */
class LedgerBadInputTest {
  private static final EntityId E = EntityId.of(42);

  private static Ledger seeded() {
    Ledger l = Fixtures.keepAll(VIEW, LIKE);
    l.record(VIEW, E, 2.0, T0);
    l.record(VIEW, E, 1.0, T0 - 1000);
    return l;
  }

  private static List<Object> snapshot(Ledger l) {
    List<Object> out = new ArrayList<>();
    l.forEachState(
        r ->
            out.add(
                r.type().name() + "/" + r.entity() + "/" + java.util.Arrays.toString(r.state())));
    out.add(l.stateCount());
    return out;
  }

  private static void rejects(Ledger l, ErrorCode code, String naming, Executable op) {
    List<Object> before = snapshot(l);
    assertThatThrownBy(op::execute)
        .isInstanceOf(TidalException.class)
        .satisfies(e -> assertThat(((TidalException) e).code()).isEqualTo(code))
        .hasMessageContaining(naming);
    assertThat(snapshot(l)).as("unchanged after rejecting %s", naming).isEqualTo(before);
    l.checkInvariants();
  }

  @Test
  void record_nonFiniteWeight_rejectedNamingValue() {
    Ledger l = seeded();
    rejects(l, ErrorCode.INVALID_WEIGHT, "NaN", () -> l.record(VIEW, E, Double.NaN, T0));
    rejects(
        l,
        ErrorCode.INVALID_WEIGHT,
        "Infinity",
        () -> l.record(VIEW, E, Double.POSITIVE_INFINITY, T0));
    rejects(
        l,
        ErrorCode.INVALID_WEIGHT,
        "-Infinity",
        () -> l.record(VIEW, EntityId.of(1), Double.NEGATIVE_INFINITY, T0));
  }

  @Test
  void record_timestampOutOfRange_rejectedNamingValue() {
    Ledger l = seeded();
    rejects(
        l,
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(TidalDB.MAX_TIMESTAMP + 1),
        () -> l.record(VIEW, E, 1.0, TidalDB.MAX_TIMESTAMP + 1));
    rejects(
        l,
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(Long.MIN_VALUE),
        () -> l.record(VIEW, E, 1.0, Long.MIN_VALUE));
    rejects(
        l,
        ErrorCode.INVALID_TIMESTAMP,
        String.valueOf(Long.MAX_VALUE),
        () -> l.decayScore(VIEW, 0, E, Long.MAX_VALUE));
  }

  @Test
  void reads_undeclaredIndexOrUnknownType_rejectedNamingThem() {
    Ledger l = seeded();
    rejects(l, ErrorCode.UNDECLARED_DURATION, "half-life #3", () -> l.decayScore(VIEW, 3, E, T0));
    rejects(l, ErrorCode.UNDECLARED_DURATION, "window #-1", () -> l.windowedCount(VIEW, -1, E, T0));
    rejects(l, ErrorCode.UNDECLARED_DURATION, "window #1", () -> l.velocity(LIKE, 1, E, T0));
    rejects(l, ErrorCode.UNKNOWN_SIGNAL_TYPE, "'follow'", () -> l.record(FOLLOW, E, 1.0, T0));
    SignalType otherView =
        new SignalType("view", "items", List.of(Duration.ofHours(2)), List.of(Duration.ofHours(2)));
    rejects(l, ErrorCode.UNKNOWN_SIGNAL_TYPE, "'view'", () -> l.record(otherView, E, 1.0, T0));
    rejects(l, ErrorCode.DUPLICATE_SIGNAL_TYPE, "'view'", () -> l.addType(VIEW));
    rejects(l, ErrorCode.UNKNOWN_SIGNAL_TYPE, "'nope'", () -> l.dropType("nope"));
  }

  @Test
  void topK_badTerms_rejectedNamingThem() {
    Ledger l = seeded();
    rejects(
        l,
        ErrorCode.INVALID_ARGUMENT,
        "-1.0",
        () -> l.topK(List.of(RankTerm.decay(-1, VIEW, 0)), T0, 10, 0, null));
    rejects(
        l,
        ErrorCode.INVALID_ARGUMENT,
        "NaN",
        () -> l.topK(List.of(RankTerm.decay(Double.NaN, VIEW, 0)), T0, 10, 0, null));
    rejects(
        l,
        ErrorCode.INVALID_ARGUMENT,
        "only term",
        () ->
            l.topK(
                List.of(RankTerm.decay(1, VIEW, 0), RankTerm.count(VIEW, 0, false)),
                T0,
                10,
                0,
                null));
    Ledger mixed = seeded();
    mixed.addType(FOLLOW);
    rejects(
        mixed,
        ErrorCode.INVALID_ARGUMENT,
        "'users'",
        () ->
            mixed.topK(
                List.of(RankTerm.decay(1, VIEW, 0), RankTerm.decay(1, FOLLOW, 0)),
                T0,
                10,
                0,
                null));
    rejects(
        l,
        ErrorCode.INVALID_ARGUMENT,
        "-5",
        () -> l.topK(List.of(RankTerm.decay(1, VIEW, 0)), T0, -5, 0, null));
    rejects(
        l,
        ErrorCode.UNDECLARED_DURATION,
        "half-life #7",
        () -> l.topK(List.of(RankTerm.decay(1, VIEW, 7)), T0, 1, 0, null));
    rejects(
        l,
        ErrorCode.INVALID_ARGUMENT,
        "at least one term",
        () -> l.topK(List.of(), T0, 1, 0, null));
  }

  @Test
  void load_corruptOrForeignState_rejectedAndLedgerUnchanged() {
    Ledger l = seeded();
    List<StateRecord> records = new ArrayList<>();
    l.forEachState(records::add);
    byte[] good = records.get(0).state();
    byte[] newer = good.clone();
    newer[0] = 9;
    rejects(
        l, ErrorCode.UNSUPPORTED_FORMAT, "version 9", () -> l.load(VIEW, EntityId.of(5), newer));
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
    rejects(l, ErrorCode.CORRUPT, "length", () -> l.load(VIEW, EntityId.of(5), cut));
    rejects(l, ErrorCode.CORRUPT, "half-life count 3", () -> l.load(LIKE, EntityId.of(5), good));
    byte[] nan = good.clone();
    java.nio.ByteBuffer.wrap(nan).putDouble(34, Double.NaN); // v_0 (state format 2)
    rejects(l, ErrorCode.CORRUPT, "non-finite", () -> l.load(VIEW, EntityId.of(5), nan));
    rejects(l, ErrorCode.CORRUPT, "too short", () -> l.load(VIEW, EntityId.of(5), new byte[3]));
  }
}
