package io.tidal.engine;

import static io.tidal.engine.M1Workload.BATCHES_PER_DAY;
import static io.tidal.engine.M1Workload.ITEMS;
import static io.tidal.engine.M1Workload.item;
import static io.tidal.engine.M1Workload.time;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.TidalDB;
import io.tidal.schema.SignalType;
import io.tidal.testing.ManualClock;
import io.tidal.testing.ReferenceDB;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * M1 user acceptance, end to end on a directory database: three signal types on items, item rows
 * written and read back, a deterministic stream of signals over three simulated days on a manual
 * clock with every decay score, windowed count and velocity (and top-K) checked against
 * {@link ReferenceDB} at the end of each day; shutdown and reopen give identical answers; then a child
 * JVM continues the stream and is killed with SIGKILL, and recovery from checkpoint + WAL gives the
 * reference's answers for exactly the batches it made durable (all acknowledged ones, at most one more).
 */
class M1AcceptanceTest {
  @TempDir Path dir;

  @TempDir Path scratch;

  @Test
  void m1_simulatedDays_shutdownReopen_thenKill9Recovery() throws Exception {
    ManualClock clock = new ManualClock(M1Workload.DAY0);
    ReferenceDB ref = new ReferenceDB();
    TidalDB db = TidalDB.open(M1CrashChild.config(dir, clock));
    M1Workload.setUp(db);
    M1Workload.setUp(ref);
    assertThat(db.row("items", item(7)).orElseThrow())
        .containsExactly(item(7), "Item 7", "sport", M1Workload.DAY0 - 7 * 3_600_000L);
    int firstCrashBatch = 3 * BATCHES_PER_DAY;
    for (int i = 0; i < firstCrashBatch; i++) {
      clock.set(time(i));
      M1Workload.write(db, i);
      M1Workload.write(ref, i);
      if (i % BATCHES_PER_DAY == BATCHES_PER_DAY - 1) {
        checkAgainst(ref, db, clock.millis());
        checkAgainst(ref, db, clock.millis() - Duration.ofHours(5).toMillis());
      }
    }
    long at = clock.millis();
    Map<String, Object> before = answers(db, at);
    db.close();
    db = TidalDB.open(M1CrashChild.config(dir, clock));
    assertThat(answers(db, at)).as("answers after shutdown and reopen").isEqualTo(before);
    checkAgainst(ref, db, at);
    db.close();

    int lastAck = runChildAndKill(firstCrashBatch, 5 * BATCHES_PER_DAY, firstCrashBatch + 30);
    for (int i = firstCrashBatch; i <= lastAck; i++) {
      M1Workload.write(ref, i);
    }
    clock.set(time(lastAck + 1));
    db = TidalDB.open(M1CrashChild.config(dir, clock));
    at = time(lastAck + 1);
    if (totalViews(db, at) != totalViews(ref, at)) {
      M1Workload.write(ref, lastAck + 1); // the batch in flight at the kill made it to disk too
    }
    checkAgainst(ref, db, at);
    Map<String, Object> recovered = answers(db, at);
    db.close();
    db = TidalDB.open(M1CrashChild.config(dir, clock));
    assertThat(answers(db, at)).as("answers after a second reopen").isEqualTo(recovered);
    db.close();
  }

  /** Runs the child on batches [from, to), kills it once it acknowledged {@code killAfter}; the last ack. */
  private int runChildAndKill(int from, int to, int killAfter) throws Exception {
    Path err = scratch.resolve("child.err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                M1CrashChild.class.getName(),
                dir.toString(),
                Integer.toString(from),
                Integer.toString(to))
            .redirectError(err.toFile())
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("READ-ERROR " + e);
              }
              lines.add("EOF");
            });
    reader.start();
    int lastAck = -1;
    while (lastAck < killAfter) {
      String line = lines.poll(2, TimeUnit.MINUTES);
      assertThat(line)
          .as("child output; stderr: " + Files.readString(err))
          .isNotNull()
          .isNotEqualTo("EOF");
      lastAck = line.startsWith("ACK ") ? Integer.parseInt(line.substring(4)) : lastAck;
    }
    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    reader.join(TimeUnit.MINUTES.toMillis(1));
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    for (String line : rest) {
      lastAck = line.startsWith("ACK ") ? Integer.parseInt(line.substring(4)) : lastAck;
    }
    assertThat(rest).as("the child was killed, not finished").doesNotContain("DONE");
    return lastAck;
  }

  private static long totalViews(TidalDB db, long at) {
    long n = 0;
    for (int i = 0; i < ITEMS; i++) {
      n += db.windowedCount("view", item(i), Duration.ofDays(7), at);
    }
    return n;
  }

  /** Every read of every item at {@code at}, in a fixed order. */
  private static Map<String, Object> answers(TidalDB db, long at) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < ITEMS; i++) {
      String k = item(i);
      out.put("row " + k, List.of(db.row("items", k).orElseThrow()));
      for (SignalType t : M1Workload.types()) {
        for (Duration h : t.halfLives()) {
          out.put(t.name() + " decay " + h + " " + k, db.decayScore(t.name(), k, h, at));
        }
        for (Duration w : t.windows()) {
          out.put(t.name() + " count " + w + " " + k, db.windowedCount(t.name(), k, w, at));
          out.put(t.name() + " velocity " + w + " " + k, db.velocity(t.name(), k, w, at));
        }
      }
    }
    return out;
  }

  private static void checkAgainst(ReferenceDB ref, TidalDB db, long at) {
    Map<String, Object> a = answers(db, at);
    Map<String, Object> b = answers(ref, at);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String key : a.keySet()) {
      Object x = a.get(key);
      Object y = b.get(key);
      if (key.contains(" decay ")) {
        assertThat(EngineModelTest.close(x, y))
            .as(key + " at " + at + ": " + x + " vs " + y)
            .isTrue();
      } else {
        assertThat(x).as(key + " at " + at).isEqualTo(y);
      }
    }
    for (SignalType t : M1Workload.types()) {
      RankQuery q = RankQuery.decay(t.name(), t.halfLives().get(0), at, 10);
      assertTopK(db.topK(q), ref.topK(q), q);
      RankQuery c = RankQuery.count(t.name(), t.windows().get(0), true, at, 10);
      assertTopK(db.topK(c), ref.topK(c), c);
    }
    RankQuery news =
        new RankQuery(
            List.of(
                new RankQuery.Decay(1, "view", Duration.ofHours(1)),
                new RankQuery.Decay(3, "share", Duration.ofHours(6))),
            at,
            5,
            0,
            k -> "news".equals(db.row("items", k).orElseThrow()[2]));
    assertTopK(db.topK(news), ref.topK(news), news);
  }

  private static void assertTopK(RankResult a, RankResult b, RankQuery q) {
    assertThat(a.entries()).as("top-K " + q).hasSameSizeAs(b.entries());
    for (int i = 0; i < a.entries().size(); i++) {
      assertThat(EngineModelTest.close(a.entries().get(i).score(), b.entries().get(i).score()))
          .as("score #" + i + " of " + q + ": " + a + " vs " + b)
          .isTrue();
    }
  }
}
