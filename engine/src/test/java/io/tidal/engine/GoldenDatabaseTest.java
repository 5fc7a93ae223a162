package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Databases written by earlier releases, checked in under {@code src/test/resources/golden/} (made
 * by {@code golden/GoldenGen.java} run against the engine of the commit each name dates; see
 * golden/README.md): storage layout 1 (2026-11-26: {@code l.<gen>} states, {@code d.<gen>}
 * dictionaries) and layout 2 (2026-11-27: buckets and dictionary chunks), both with catalog,
 * state and WAL version 1, each left as a crash leaves it (a checkpoint after 300 signals, 234
 * more only in the WAL). Today's engine opens each, and every row, score and count equals a brute
 * force over the signals the generator acknowledged (its {@code .signals.csv}); a checkpoint
 * rewrites it in today's formats and it reopens the same.
 */
class GoldenDatabaseTest {
  private static final Duration H1 = Duration.ofHours(1);
  private static final Duration D1 = Duration.ofDays(1);
  private static final Duration H6 = Duration.ofHours(6);

  record Sig(String type, Object key, double weight, long ts, String dedup) {}

  @ParameterizedTest
  @ValueSource(strings = {"layout1-2026-11-26", "layout2-2026-11-27"})
  void olderDatabase_opensWithEveryRowScoreAndCount_andSurvivesACheckpointInTodaysFormat(
      String name, @TempDir Path tmp) throws IOException {
    Path dir = copy(name, tmp.resolve("db"));
    List<Sig> signals = signals(name);
    try (TidalDB db = TidalDB.open(Config.builder().directory(dir).build())) {
      check(db, signals);
      db.checkpoint();
    }
    try (TidalDB db = TidalDB.open(Config.builder().directory(dir).build())) {
      check(db, signals);
      Sig repeat = signals.stream().filter(s -> s.dedup() != null).findFirst().orElseThrow();
      assertThat(
              db.signal(
                  new Signal(repeat.type(), repeat.key(), 9.0, repeat.ts() + 1, repeat.dedup())))
          .as("a repeated dedup key of the old database is dropped")
          .isFalse();
    }
  }

  private static void check(TidalDB db, List<Sig> signals) {
    for (int i = 0; i < 20; i++) {
      assertThat(db.row("items", "item-" + i).orElseThrow())
          .containsExactly("item-" + i, i % 4 == 0 ? null : "title é " + i);
    }
    assertThat(db.row("users", 3L).orElseThrow()).containsExactly(3L, "user 3");
    for (String type : new String[] {"view", "like"}) {
      long latest =
          signals.stream()
              .filter(s -> s.type().equals(type))
              .mapToLong(Sig::ts)
              .max()
              .orElseThrow();
      Set<Object> keys = new LinkedHashSet<>();
      signals.stream().filter(s -> s.type().equals(type)).forEach(s -> keys.add(s.key()));
      List<Duration> halfLives = type.equals("view") ? List.of(H1, D1) : List.of(H6);
      List<Duration> windows = type.equals("view") ? List.of(H1, D1) : List.of(D1);
      for (long at : new long[] {latest, latest - 3_600_000L}) { // both after the checkpoint
        for (Object key : keys) {
          for (Duration h : halfLives) {
            double want = 0;
            for (Sig s : signals) {
              if (s.type().equals(type) && s.key().equals(key) && s.ts() <= at) {
                want += s.weight() * Math.pow(2, -(double) (at - s.ts()) / h.toMillis());
              }
            }
            assertThat(db.decayScore(type, key, h, at))
                .as("%s %s %s at %d", type, key, h, at)
                .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, want)));
          }
          for (Duration w : windows) {
            long want =
                signals.stream()
                    .filter(
                        s ->
                            s.type().equals(type)
                                && s.key().equals(key)
                                && s.ts() <= at
                                && s.ts() > at - w.toMillis())
                    .count();
            assertThat(db.windowedCount(type, key, w, at))
                .as("%s %s count %s at %d", type, key, w, at)
                .isEqualTo(want);
          }
        }
      }
      long listed = 0;
      for (Iterator<Signal> it = db.scanSignals(type, null); it.hasNext(); it.next()) {
        listed++;
      }
      assertThat(listed)
          .as("%s signals listed", type)
          .isEqualTo(signals.stream().filter(s -> s.type().equals(type)).count());
    }
    // State format 1 kept no per-signal weights: decay before a checkpointed state's anchor is
    // not exact, which the contract makes an error naming the earliest exact at, never a number.
    long early = signals.get(0).ts() + 3_600_000L;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> db.decayScore("view", "item-0", H1, early))
        .isInstanceOfSatisfying(
            TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BEFORE_HORIZON))
        .hasMessageContaining("earliest exact at is");
  }

  private static List<Sig> signals(String name) throws IOException {
    List<Sig> out = new ArrayList<>();
    try (InputStream in = resource(name + ".signals.csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",", -1);
        Object key = f[0].equals("like") ? (Object) Long.parseLong(f[1]) : f[1];
        out.add(
            new Sig(
                f[0],
                key,
                Double.parseDouble(f[2]),
                Long.parseLong(f[3]),
                f[4].isEmpty() ? null : f[4]));
      }
    }
    assertThat(out).hasSize(534);
    return out;
  }

  private static InputStream resource(String path) {
    InputStream in = GoldenDatabaseTest.class.getResourceAsStream("/golden/" + path);
    assertThat(in).as("resource golden/%s", path).isNotNull();
    return in;
  }

  /** Copies the checked-in directory (files only: LOCK, data.mv, wal/*) so the test never writes it. */
  private static Path copy(String name, Path to) throws IOException {
    Path from;
    try {
      from = Paths.get(GoldenDatabaseTest.class.getResource("/golden/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }
}
