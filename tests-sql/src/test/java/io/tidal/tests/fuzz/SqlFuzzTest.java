package io.tidal.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL fuzz through {@code DriverManager} on a real directory database (issue 6): generated
 * statements ({@link FuzzGrammar}, {@link FuzzTracked}) and mutations of them ({@link FuzzMutator})
 * must end in a result, an update count or an {@link SQLException} with a documented SQLState
 * class ({@link FuzzRunner}); no statement may run past its 5 s query timeout (a watchdog fails the
 * test naming it); and every 2,000 statements, at the end and after reopening the database, the
 * tracked rows and scores equal the independent model ({@link FuzzChecker}).
 *
 * <p>Design notes. The fuzz loop runs on a worker thread; the test thread is the watchdog (it
 * polls the worker's future and the runner's progress stamp, no sleeping). Mix: 20 % tracked
 * writes (19 % prepared, 1 % literal SQL), ~4 % new grammar statements or mutations, the rest
 * replays of recent read-only statements (docs/CONFORMANCE.md, "Fuzz", explains the mix, the rate
 * and the cost). Each run writes its summary (counts and time per statement kind, known issues,
 * findings) to {@code target/fuzz/}. While investigating: {@code -Dtidal.fuzz.count=N} runs fewer
 * statements, {@code -Dtidal.fuzz.explore=true} records model mismatches instead of stopping, and
 * {@code -Dtidal.fuzz.maxFindings=N} raises the stop limit of 25 findings.
 */
class SqlFuzzTest {
  private static final int CHECK_EVERY = 2_000;

  /** Recent read-only statements replayed (fewer than a statement's 64 cached plans). */
  private static final int REPLAY_WINDOW = 48;

  private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(FuzzRunner.TIMEOUT_SECONDS + 10);

  @Test
  void fuzz_100kStatements_onlySqlExceptions_noHang_databaseStillCorrect(@TempDir Path dir)
      throws Exception {
    run(dir, Integer.getInteger("tidal.fuzz.count", 100_000), "SqlFuzzTest");
  }

  @Test
  @Tag("torture")
  void fuzz_1mStatements(@TempDir Path dir) throws Exception {
    run(dir, 1_000_000, "SqlFuzzTest.torture");
  }

  private static void run(Path dir, int count, String name) throws Exception {
    long seed = Seeds.seed(name);
    Fuzz fuzz = new Fuzz(dir.resolve("db"), seed, count);
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sql-fuzz");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<?> done =
          worker.submit(
              () -> {
                fuzz.loop();
                return null;
              });
      while (true) {
        try {
          done.get(1, TimeUnit.SECONDS);
          break;
        } catch (TimeoutException e) {
          FuzzRunner runner = fuzz.runner;
          String sql = runner == null ? null : runner.current;
          if (sql != null && System.nanoTime() - runner.startedNanos > HANG_NANOS) {
            done.cancel(true);
            throw new AssertionError(
                "seed "
                    + seed
                    + ": statement still running after "
                    + TimeUnit.NANOSECONDS.toSeconds(HANG_NANOS)
                    + " s (query timeout "
                    + FuzzRunner.TIMEOUT_SECONDS
                    + " s): "
                    + sql);
          }
        } catch (ExecutionException e) {
          throw new AssertionError("seed " + seed + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      worker.shutdownNow();
      fuzz.report(name);
    }
    assertThat(fuzz.findings).as("seed " + seed + ": findings (statement, error)").isEmpty();
    assertThat(fuzz.executed).isEqualTo(count);
    assertThat(fuzz.failed).as("statements refused").isPositive();
    assertThat(fuzz.succeeded).as("statements accepted").isPositive();
    assertThat(fuzz.model.writes).as("tracked writes applied").isPositive();
  }

  /** The fuzz loop's state. */
  private static final class Fuzz {
    final Path db;
    final long seed;
    final int count;
    final Random random;
    final FuzzModel model = new FuzzModel();
    final FuzzTracked tracked;
    final FuzzTrackedPrepared prepared;
    final List<FuzzStatement> recent = new ArrayList<>();
    final FuzzGrammar grammar;
    final FuzzMutator mutator;
    final FuzzChecker checker;
    final List<String> findings = new ArrayList<>();
    final java.util.Set<String> findingStatements = new java.util.HashSet<>();
    final Map<String, Long> knownCounts = new TreeMap<>();
    final Map<String, String> knownExamples = new TreeMap<>();
    final Map<String, long[]> byOrigin = new TreeMap<>();
    volatile FuzzRunner runner;
    long executed;
    long succeeded;
    long failed;
    long rolledBack;
    long skipped;
    long elapsedNanos;

    Fuzz(Path db, long seed, int count) {
      this.db = db;
      this.seed = seed;
      this.count = count;
      this.random = new Random(seed);
      this.tracked = new FuzzTracked(new Random(random.nextLong()));
      this.prepared = new FuzzTrackedPrepared(new Random(random.nextLong()));
      this.grammar = new FuzzGrammar(new Random(random.nextLong()));
      this.mutator = new FuzzMutator(new Random(random.nextLong()));
      this.checker = new FuzzChecker(model, new Random(random.nextLong()));
    }

    String url() {
      return "jdbc:tidal:" + db + ";durability=async";
    }

    void loop() throws SQLException {
      long start = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url())) {
        setUp(c);
        runner = new FuzzRunner(c);
        while (executed < count) {
          FuzzStatement st = next();
          FuzzRunner.Guard guard =
              st.effect() != null ? FuzzRunner.Guard.PLAIN : FuzzRunner.guard(st.sql());
          if (guard == FuzzRunner.Guard.SKIP) {
            skipped++;
            continue;
          }
          one(c, st, guard == FuzzRunner.Guard.ROLLBACK);
          if (executed % CHECK_EVERY == 0) {
            checker.verify(c, "seed " + seed + " after " + executed + " statements");
          }
        }
        checker.verify(c, "seed " + seed + " at the end");
      }
      try (Connection c = DriverManager.getConnection(url())) {
        checker.verify(c, "seed " + seed + " after reopening");
      }
      elapsedNanos = System.nanoTime() - start;
    }

    private void setUp(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        for (String ddl :
            List.of(
                FuzzModel.ITEMS_DDL,
                FuzzModel.USERS_DDL,
                FuzzModel.VIEW_DDL,
                FuzzModel.VOTE_DDL,
                "CREATE TABLE log (line VARCHAR, n INTEGER)",
                "CREATE TABLE s0 (k VARCHAR PRIMARY KEY, a INTEGER, b DOUBLE)",
                "CREATE SIGNAL TYPE z0 ON s0 HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)")) {
          s.execute(ddl);
        }
      }
    }

    private FuzzStatement next() {
      int k = random.nextInt(100);
      if (k < 19) {
        return prepared.next();
      }
      if (k < 20) {
        return tracked.next();
      }
      if (k < 24 || recent.isEmpty()) {
        if (random.nextInt(10) < 7) {
          return grammar.next();
        }
        FuzzStatement base = random.nextInt(3) == 0 ? tracked.next() : grammar.next();
        return FuzzStatement.unknown(
            mutator.mutate(base.sql()), "mutated:" + base.origin().replaceFirst(":.*", ""));
      }
      FuzzStatement again = recent.get(random.nextInt(recent.size()));
      return new FuzzStatement(again.sql(), null, "replay", null);
    }

    /** Remembers a read-only statement for replay; a catalog change starts a new window. */
    private void remember(FuzzStatement st, FuzzRunner.Outcome out) {
      if (st.effect() != null || st.origin().equals("replay")) {
        return;
      }
      if (!FuzzRunner.readOnly(st.sql())) {
        if (out.ok()) {
          recent.clear();
        }
        return;
      }
      if (recent.size() == REPLAY_WINDOW) {
        recent.remove(random.nextInt(REPLAY_WINDOW));
      }
      recent.add(st);
    }

    private void one(Connection c, FuzzStatement st, boolean rollback) throws SQLException {
      long t0 = System.nanoTime();
      FuzzRunner.Outcome out;
      try {
        out = runner.run(st, rollback);
      } catch (FuzzRunner.FuzzFinding f) {
        String text =
            f.getMessage()
                + "\n    statement: "
                + st.sql()
                + "\n    origin: "
                + st.origin()
                + "\n    cause: "
                + stack(f.getCause());
        FuzzKnownIssues.Issue known = FuzzKnownIssues.match(text);
        if (known != null) {
          knownCounts.merge(known.name(), 1L, Long::sum);
          knownExamples.putIfAbsent(
              known.name(), st.sql() + "  ->  " + f.getMessage().lines().findFirst().orElse(""));
        } else if (findingStatements.add(st.sql())) {
          findings.add(text);
        }
        if (findings.size() >= Integer.getInteger("tidal.fuzz.maxFindings", 25)) {
          throw new AssertionError(
              "seed " + seed + ": 25 findings, stopping; first: " + findings.get(0));
        }
        out = new FuzzRunner.Outcome(new SQLException("finding"), -1, 0);
      }
      remember(st, out);
      long[] stat = byOrigin.computeIfAbsent(st.origin(), k -> new long[3]);
      stat[0]++;
      stat[2] += System.nanoTime() - t0;
      executed++;
      rolledBack += rollback ? 1 : 0;
      if (out.ok()) {
        succeeded++;
        if (st.effect() != null) {
          try {
            st.effect().apply(model, out.updateCount());
          } catch (AssertionError e) {
            if (Boolean.getBoolean("tidal.fuzz.explore")) {
              findings.add("MODEL " + e.getMessage() + "\n    statement: " + st.sql());
              return;
            }
            throw new AssertionError(
                "seed "
                    + seed
                    + ", statement "
                    + executed
                    + ": "
                    + e.getMessage()
                    + "\n  statement: "
                    + st.sql(),
                e);
          }
        }
      } else {
        stat[1]++;
        failed++;
      }
    }

    private static String stack(Throwable t) {
      StringBuilder sb = new StringBuilder();
      for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
        sb.append(c).append(" @ ");
        StackTraceElement[] st = c.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
          sb.append(st[i]).append(" | ");
        }
        sb.append("\n      ");
      }
      return sb.toString();
    }

    void report(String name) throws IOException {
      StringBuilder sb = new StringBuilder();
      double secs = elapsedNanos / 1e9;
      sb.append(
          String.format(
              "%s seed=%d statements=%d succeeded=%d failed=%d rolledBack=%d"
                  + " skipped=%d checks=%d elapsed=%.1fs rate=%.0f/s%n",
              name,
              seed,
              executed,
              succeeded,
              failed,
              rolledBack,
              skipped,
              checker.checks,
              secs,
              secs == 0 ? 0 : executed / secs));
      for (Map.Entry<String, long[]> e : byOrigin.entrySet()) {
        long[] v = e.getValue();
        sb.append(
            String.format(
                "  %-22s %8d statements %8d failed  %8.1f ms total  %7.3f ms" + " each%n",
                e.getKey(), v[0], v[1], v[2] / 1e6, v[2] / 1e6 / v[0]));
      }
      for (Map.Entry<String, Long> e : knownCounts.entrySet()) {
        sb.append(
            String.format(
                "  known issue %-22s %6d  e.g. %s%n",
                e.getKey(), e.getValue(), knownExamples.get(e.getKey())));
      }
      for (String f : findings) {
        sb.append("FINDING ").append(f).append('\n');
      }
      Path out = Path.of("target", "fuzz");
      Files.createDirectories(out);
      Files.writeString(out.resolve(name + ".txt"), sb.toString(), StandardCharsets.UTF_8);
      System.out.print(sb);
    }
  }
}
