package io.tidal.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Workload W2 "personal feed" (issue 17): p50/p99 of the seen-filtered top-20, the follow-filtered
 * top-20 and the top-10 creators, tidal against the expert variants of H2, SQLite and DuckDB, every
 * answer checked against the brute-force oracle of {@link W2.Data}.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.e2e.W2Bench \
 *     [--scale full|quick|small|tiny] [--targets tidal,h2-expert,sqlite-expert,duckdb-expert]
 *     [--queries N] [--only seen,follow,creators] [--out FILE.md] [--db DIR] [--rounds N]
 * </pre>
 *
 * <p>{@code --db DIR} keeps tidal's database in {@code DIR} (loaded on the first run, reopened on
 * later ones, so a profile of the queries need not wait for the load); {@code --rounds N} runs
 * each query's loop N times (for a profiler: the figures of every round are printed).
 *
 * <p>Design notes. tidal gets the SQL of DESIGN.md section 3 (signals with actors, a roll-up type, a
 * plain follows table, secondary indexes) and answers at {@code at} = the end of the data. The
 * peers get their best hand-written schema: each item's score at that {@code at} precomputed into a
 * column (a static snapshot: no decay maintenance at all, their best case), an index on
 * {@code (score)} and on {@code (creator, score)}, the seen pairs in {@code views(user_id,
 * item_id)} (primary key) and {@code follows(user_id, creator_id)} (primary key). All targets run
 * in this one JVM, one after the other, each in its own directory; each query runs for distinct
 * users after a warm-up. Memory: tidal's heap after a full GC, before and after the signals are
 * recorded, divided by the signals (every structure: states, rank indexes, warm tier, actor index,
 * the roll-up's contributions).
 */
public final class W2Bench {
  private static final int K = 20;

  /** What this run printed, for the {@code --out} page. */
  private static final List<String> LINES = new ArrayList<>();

  /** Prints a line and keeps it for the report page. */
  private static void say(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args).stripTrailing();
    System.out.println(line);
    LINES.add(line);
  }

  private W2Bench() {}

  public static void main(String[] args) throws Exception {
    String scale = "quick";
    List<String> targets = List.of("tidal", "h2-expert", "sqlite-expert", "duckdb-expert");
    int queries = 2000;
    List<String> only = List.of("seen", "follow", "creators");
    Path out = null;
    Path keep = null;
    int rounds = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scale" -> scale = args[++i];
        case "--targets" -> targets = Arrays.asList(args[++i].split(","));
        case "--queries" -> queries = Integer.parseInt(args[++i]);
        case "--only" -> only = Arrays.asList(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--db" -> keep = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    W2 w = W2.named(scale, W1.SEED);
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    W2.Data d = new W2.Data(w);
    say(
        "W2 %s: %,d items, %,d creators, %,d users, %,d view signals (generated in %.1f s)%n",
        scale, w.items(), w.creators(), w.users(), d.signals(), (System.nanoTime() - t0) / 1e9);
    boolean ok = true;
    for (String t : targets) {
      boolean kept = keep != null && t.equals("tidal");
      Path dir = kept ? keep : Files.createTempDirectory("w2-" + t);
      try (Connection c =
          kept && Files.exists(dir.resolve("db"))
              ? DriverManager.getConnection("jdbc:tidal:" + dir.resolve("db") + ";durability=async")
              : t.equals("tidal")
                  ? loadTidal(dir, w, d)
                  : loadPeer(
                      Dialect.valueOf(t.substring(0, t.indexOf('-')).toUpperCase(Locale.ROOT)),
                      dir,
                      w,
                      d)) {
        for (int r = 0; r < rounds; r++) {
          ok &= measure(t, c, w, d, budget(t, scale, queries), only);
        }
      }
      if (!kept) {
        Main.deleteTree(dir); // a full-scale target leaves gigabytes
      }
    }
    if (out != null) {
      writePage(out, scale, loadBefore);
    }
    System.exit(ok ? 0 : 1);
  }

  /** The load average (1, 5, 15 min) of the machine, or "?". */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** Writes the generated W2 page: when, where, the load, and every line this run printed. */
  private static void writePage(Path out, String scale, String loadBefore) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# W2 \"personal feed\": tidal vs the expert H2, SQLite, DuckDB\n\n");
    b.append("Generated by `io.tidal.bench.e2e.W2Bench --scale ")
        .append(scale)
        .append("` on ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append(" (`./tidal bench` runs it after W1). The workload, the peers' schemas and the")
        .append(" findings: docs/BENCHMARKS.md, section W2.\n\n");
    Machine.describe(b, Map.of());
    b.append("- Load average (1/5/15 min) at the start: ")
        .append(loadBefore)
        .append(", at the end: ")
        .append(loadAverage())
        .append(" (other work on the machine inflates every latency)\n\n```\n");
    LINES.forEach(l -> b.append(l).append('\n'));
    b.append("```\n");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Runs W2 in a child JVM after the e2e benchmark's W1 ({@link Main}): scale {@code small} for a
   * quick run, {@code full} for a full one, {@code tiny} for tiny; writes {@code
   * <out>/benchmarks/w2.md}. Returns whether every answer was right.
   */
  static boolean child(String w1Scale, Path outDir) throws IOException, InterruptedException {
    String scale =
        switch (w1Scale) {
          case "full" -> "full";
          case "tiny" -> "tiny";
          default -> "small";
        };
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            scale.equals("full") ? "-Xmx12g" : "-Xmx3g",
            "-XX:+UseParallelGC",
            "-Dslf4j.internal.verbosity=WARN",
            "-cp",
            Main.classPath(),
            W2Bench.class.getName(),
            "--scale",
            scale,
            "--queries",
            scale.equals("full") ? "2000" : "500",
            "--out",
            outDir.resolve("benchmarks").resolve("w2.md").toString());
    System.err.printf(Locale.ROOT, "== W2 (%s)%n", scale);
    return new ProcessBuilder(cmd).inheritIO().start().waitFor() == 0;
  }

  static final String SEEN =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) AS hot FROM items"
          + " WHERE id NOT IN (SELECT entity_id FROM signals WHERE signal_type = 'view' AND actor_id = ?)"
          + " ORDER BY hot DESC LIMIT 20";
  static final String FOLLOW =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) AS hot FROM items"
          + " WHERE creator IN (SELECT creator_id FROM follows WHERE user_id = ?) ORDER BY hot DESC LIMIT 20";
  static final String CREATORS =
      "SELECT id, DECAY_SCORE(id, 'creator_view', INTERVAL '1' DAY, ?) AS hot"
          + " FROM creators ORDER BY hot DESC LIMIT 10";

  private static Connection loadTidal(Path dir, W2 w, W2.Data d) throws SQLException {
    Connection c =
        DriverManager.getConnection("jdbc:tidal:" + dir.resolve("db") + ";durability=async");
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE creators (id VARCHAR PRIMARY KEY)");
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, creator VARCHAR)");
      s.execute("CREATE INDEX items_by_creator ON items (creator)");
      s.execute("CREATE TABLE follows (user_id VARCHAR NOT NULL, creator_id VARCHAR NOT NULL)");
      s.execute("CREATE INDEX follows_by_user ON follows (user_id)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE creator_view ON creators ROLLUP OF view BY creator"
              + " HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '7' DAY)");
    }
    rows(
        c, "INSERT INTO creators VALUES (?)", w.creators(), (p, i) -> p.setString(1, w.creator(i)));
    rows(
        c,
        "INSERT INTO items VALUES (?, ?)",
        w.items(),
        (p, i) -> {
          p.setString(1, w.item(i));
          p.setString(2, w.creator(d.creatorOf[i]));
        });
    follows(c, w, d);
    long before = IngestBench.usedAfterGc();
    long t0 = System.nanoTime();
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, ts, actor_id) VALUES (?, ?, ?, ?)")) {
      int n = 0;
      for (int u = 0; u < w.users(); u++) {
        for (int j = 0; j < d.viewItem[u].length; j++) {
          p.setString(1, "view"); // all parameters: the driver's signal fast path
          p.setString(2, w.item(d.viewItem[u][j]));
          p.setObject(
              3, LocalDateTime.ofInstant(Instant.ofEpochMilli(d.viewTs[u][j]), ZoneOffset.UTC));
          p.setString(4, w.user(u));
          p.addBatch();
          if (++n % 10_000 == 0) {
            p.executeBatch();
            if (n % 2_000_000 == 0) { // a full-scale load takes many minutes: show it moves
              System.err.printf(
                  Locale.ROOT,
                  "tidal: %,d signals after %.0f s%n",
                  n,
                  (System.nanoTime() - t0) / 1e9);
            }
          }
        }
      }
      p.executeBatch();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long after = IngestBench.usedAfterGc();
    say(
        "tidal: %,d signals recorded in %.1f s (%,.0f/s); heap +%,d MB = %.0f B/signal"
            + " (all structures, roll-up contributions included)%n",
        d.signals(),
        secs,
        d.signals() / secs,
        (after - before) >> 20,
        (double) (after - before) / d.signals());
    return c;
  }

  private static void follows(Connection c, W2 w, W2.Data d) throws SQLException {
    int[] n = {0};
    try (PreparedStatement p = c.prepareStatement("INSERT INTO follows VALUES (?, ?)")) {
      for (int u = 0; u < w.users(); u++) {
        for (int cr : d.follows[u]) {
          p.setString(1, w.user(u));
          p.setString(2, w.creator(cr));
          p.addBatch();
          if (++n[0] % 10_000 == 0) {
            p.executeBatch();
          }
        }
      }
      p.executeBatch();
    }
  }

  interface RowSetter {
    void set(PreparedStatement p, int i) throws SQLException;
  }

  private static void rows(Connection c, String sql, int n, RowSetter set) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < n; i++) {
        set.set(p, i);
        p.addBatch();
        if ((i + 1) % 10_000 == 0) {
          p.executeBatch();
        }
      }
      p.executeBatch();
    }
  }

  private static Connection loadPeer(Dialect dialect, Path dir, W2 w, W2.Data d)
      throws SQLException {
    Connection c = dialect.connect(dir);
    long t0 = System.nanoTime();
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id VARCHAR(16) PRIMARY KEY, creator VARCHAR(8), score DOUBLE PRECISION)");
      s.execute("CREATE TABLE creators (id VARCHAR(8) PRIMARY KEY, score DOUBLE PRECISION)");
      s.execute(
          "CREATE TABLE views (user_id VARCHAR(8), item_id VARCHAR(16), PRIMARY KEY (user_id, item_id))");
      s.execute(
          "CREATE TABLE follows (user_id VARCHAR(8), creator_id VARCHAR(8), PRIMARY KEY (user_id, creator_id))");
    }
    c.setAutoCommit(false);
    rows(
        c,
        "INSERT INTO items VALUES (?, ?, ?)",
        w.items(),
        (p, i) -> {
          p.setString(1, w.item(i));
          p.setString(2, w.creator(d.creatorOf[i]));
          p.setDouble(3, d.score[i]);
        });
    rows(
        c,
        "INSERT INTO creators VALUES (?, ?)",
        w.creators(),
        (p, i) -> {
          p.setString(1, w.creator(i));
          p.setDouble(2, d.creatorScore[i]);
        });
    follows(c, w, d);
    try (PreparedStatement p = c.prepareStatement("INSERT INTO views VALUES (?, ?)")) {
      int n = 0;
      for (int u = 0; u < w.users(); u++) {
        int[] distinct = Arrays.stream(d.viewItem[u]).distinct().toArray();
        for (int i : distinct) {
          p.setString(1, w.user(u));
          p.setString(2, w.item(i));
          p.addBatch();
          if (++n % 10_000 == 0) {
            p.executeBatch();
          }
        }
      }
      p.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE INDEX items_score ON items (score)");
      s.execute("CREATE INDEX items_creator_score ON items (creator, score)");
      s.execute("CREATE INDEX creators_score ON creators (score)");
      if (dialect != Dialect.DUCKDB) {
        s.execute(dialect == Dialect.SQLITE ? "ANALYZE" : "ANALYZE");
      }
    }
    say(
        "%s-expert: loaded in %.1f s%n",
        dialect.name().toLowerCase(Locale.ROOT), (System.nanoTime() - t0) / 1e9);
    return c;
  }

  static final String PEER_SEEN =
      "SELECT id, score FROM items i WHERE NOT EXISTS (SELECT 1 FROM views v"
          + " WHERE v.user_id = ? AND v.item_id = i.id) ORDER BY score DESC, id LIMIT 20";
  static final String PEER_FOLLOW =
      "SELECT id, score FROM items WHERE creator IN (SELECT creator_id FROM"
          + " follows WHERE user_id = ?) ORDER BY score DESC, id LIMIT 20";
  static final String PEER_CREATORS =
      "SELECT id, score FROM creators ORDER BY score DESC, id LIMIT 10";

  static final String ACTIVITY =
      "SELECT entity_id, ts FROM signals WHERE actor_id = ? ORDER BY ts DESC LIMIT 50";

  /**
   * The measurement of one query: warm-up windows until two successive p50s are within 5 % (the
   * JIT's warm-up, as W1 does it, {@link Measure}), then at most {@code queries} timed executions
   * (300 for DuckDB, whose seen query takes ~0.1 s) within a time budget. Scales full and quick: 1 s
   * windows, at most 15 s, 3 s measured; small and tiny (the quick run of {@code ./tidal bench},
   * which has minutes for everything): 0.25 s windows, at most 4 s, 1 s measured, so its figures are
   * earlier on the JIT curve. A fixed warm-up of 200 executions measured tidal too early (152 us for
   * the seen feed at scale small where the settled figure is ~30 us); windows of 0.2 s "settled"
   * while the JIT was still compiling.
   */
  private static Measure.Budget budget(String target, String scale, int queries) {
    int reps = target.startsWith("duckdb") ? Math.min(queries, 300) : queries;
    return scale.equals("full") || scale.equals("quick")
        ? new Measure.Budget(1_000_000_000L, 15_000_000_000L, 0.05, 3_000_000_000L, reps, 3)
        : new Measure.Budget(250_000_000L, 4_000_000_000L, 0.05, 1_000_000_000L, reps, 3);
  }

  /**
   * Runs the queries for a cycle of distinct users; prints p50/p99; false if an answer was wrong
   * (every tenth answer is compared with the oracle, outside the timed region). tidal also runs the
   * user's activity ({@link #ACTIVITY}, from the actor index) and prints its plan.
   */
  private static boolean measure(
      String target, Connection c, W2 w, W2.Data d, Measure.Budget budget, List<String> only)
      throws SQLException {
    boolean tidal = target.equals("tidal");
    Random rnd = new Random(17);
    int[] users = rnd.ints(0, w.users()).distinct().limit(Math.min(w.users(), 5_000L)).toArray();
    String[] sql =
        tidal
            ? new String[] {SEEN, FOLLOW, CREATORS, ACTIVITY}
            : new String[] {PEER_SEEN, PEER_FOLLOW, PEER_CREATORS};
    String[] names = {
      "seen-filtered top-20", "follow-filtered top-20", "top-10 creators", "user activity (50)"
    };
    List<String> wantCreators = W2Answers.topCreators(w, d);
    String[] kinds = {"seen", "follow", "creators", "activity"};
    boolean ok = true;
    int[] checked = {0};
    int wrong = 0;
    for (int q = 0; q < sql.length; q++) {
      if (!only.contains(kinds[q]) && !(q == 3 && only.contains("seen"))) {
        continue;
      }
      int kind = q;
      try (PreparedStatement p = c.prepareStatement(sql[q])) {
        Measure.Query<List<String>> query =
            new Measure.Query<>() {
              @Override
              public List<String> ask(int i) throws SQLException {
                int u = users[i % users.length];
                int a = 1;
                if (tidal && kind < 3) {
                  p.setObject(
                      a++, LocalDateTime.ofInstant(Instant.ofEpochMilli(W2.AT), ZoneOffset.UTC));
                }
                if (kind != 2) {
                  p.setString(a, w.user(u));
                }
                return kind == 3 ? W2Answers.activity(p) : W2Answers.ids(p);
              }

              @Override
              public String check(int i, List<String> got) {
                if (i % 10 != 0) {
                  return null;
                }
                checked[0]++;
                int u = users[i % users.length];
                List<String> want =
                    switch (kind) {
                      case 0 -> d.unseenTop(u, K).stream().map(w::item).toList();
                      case 1 -> d.followedTop(u, K).stream().map(w::item).toList();
                      case 2 -> wantCreators;
                      default -> W2Answers.latest(w, d, u, 50);
                    };
                return got.equals(want)
                    ? null
                    : "user " + w.user(u) + ": " + got + ", want " + want;
              }
            };
        Measure.Outcome o = Measure.run(query, budget);
        if (Results.OK.equals(o.status())) {
          say(
              "%-14s %-24s p50 %,9.1f us  p99 %,9.1f us  (%d queries after %d warm-up, %s)%n",
              target,
              names[q],
              o.p50(),
              o.p99(),
              o.reps(),
              o.warmReps(),
              o.settled() ? "settled" : "warm-up capped");
        } else {
          ok = false;
          wrong++; // Measure stops a query at its first wrong answer
          say("%-14s %-24s %s%n", target, names[q], o.status());
        }
      }
      if (tidal && q == 3) {
        try (PreparedStatement p = c.prepareStatement("EXPLAIN PLAN FOR " + ACTIVITY)) {
          p.setString(1, w.user(users[0]));
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              say("%-14s activity plan: %s%n", target, rs.getString(1).strip().replace("\n", " "));
            }
          }
        }
      }
    }
    if (tidal) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT \"VALUE\" FROM sys.stats WHERE name = 'last_topk_touched'")) {
        rs.next();
        say("%-14s last top-k touched %d entries%n", target, rs.getLong(1));
      }
    }
    say("%-14s answers checked: %d, wrong: %d%n", target, checked[0], wrong);
    return ok;
  }
}
