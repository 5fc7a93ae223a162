package io.tidal.tests.fuzz;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The independent model of the fuzzed database's tracked objects: the rows of {@code items} and
 * {@code users} and every signal of the types {@code view} (on items) and {@code vote} (on users)
 * that a statement with a known effect wrote successfully. Scores and windowed counts are computed
 * by brute force over the raw signals (DESIGN §2), never by the engine's algorithms.
 *
 * <p>Design notes. Only statements built by {@link FuzzGrammar} with a known effect change the
 * model, and only after the database acknowledged them; anything else that could write to a
 * tracked object runs inside a transaction that is rolled back (see {@link FuzzRunner}).
 */
final class FuzzModel {
  /** A row of {@code items}; nulls are SQL NULLs. */
  record Item(
      String id,
      String title,
      String category,
      Integer n,
      BigDecimal price,
      Double score,
      Boolean flag,
      LocalDateTime created) {
    Object[] values() {
      return new Object[] {id, title, category, n, price, score, flag, created};
    }
  }

  /** A row of {@code users}. */
  record User(long uid, String name, Integer age) {
    Object[] values() {
      return new Object[] {uid, name, age};
    }
  }

  /** A recorded signal. */
  record Sig(double weight, long ts) {}

  static final String ITEMS_DDL =
      "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR,"
          + " category VARCHAR, n INTEGER, price DECIMAL, score DOUBLE, flag BOOLEAN,"
          + " created_at TIMESTAMP)";
  static final String USERS_DDL =
      "CREATE TABLE users (uid BIGINT, name VARCHAR(40), age INTEGER, PRIMARY KEY (uid))";
  static final String VIEW_DDL =
      "CREATE SIGNAL TYPE view ON items"
          + " HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY)"
          + " WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY, INTERVAL '7' DAY)";
  static final String VOTE_DDL =
      "CREATE SIGNAL TYPE vote ON users"
          + " HALF_LIFE (INTERVAL '30' MINUTE) WINDOW (INTERVAL '10' MINUTE, INTERVAL '2' DAY)";

  /** Half-lives and windows of the tracked types, in ms, with their SQL spelling. */
  static final Map<String, long[]> HALF_LIVES =
      Map.of("view", new long[] {3_600_000L, 86_400_000L}, "vote", new long[] {1_800_000L});

  static final Map<String, long[]> WINDOWS =
      Map.of(
          "view", new long[] {3_600_000L, 86_400_000L, 604_800_000L},
          "vote", new long[] {600_000L, 172_800_000L});

  /** The types' retention (default: the longest window plus one day). */
  static final Map<String, Long> RETENTION_MS =
      Map.of("view", 604_800_000L + 86_400_000L, "vote", 172_800_000L + 86_400_000L);

  /** The base time of tracked signals: they lie within ten days after it. */
  static final LocalDateTime BASE = LocalDateTime.of(2026, 11, 1, 0, 0);

  final TreeMap<String, Item> items = new TreeMap<>();
  final TreeMap<Long, User> users = new TreeMap<>();
  final Map<String, TreeMap<String, List<Sig>>> signals =
      Map.of("view", new TreeMap<>(), "vote", new TreeMap<>());
  long writes;

  /** The latest tracked signal time per type (the engine's retention sweep counts from it). */
  final Map<String, Long> latest = new java.util.HashMap<>();

  void putItem(Item i) {
    items.put(i.id(), i);
    writes++;
  }

  void putUser(User u) {
    users.put(u.uid(), u);
    writes++;
  }

  /** Deletes an item row and, as the engine does since 2026-12-07, its signals ({@code view}). */
  void deleteItem(String id) {
    if (items.remove(id) != null) {
      signals.get("view").remove(id);
    }
  }

  /** Deletes a user row and its signals ({@code vote}). */
  void deleteUser(long uid) {
    if (users.remove(uid) != null) {
      signals.get("vote").remove(Long.toString(uid));
    }
  }

  void signal(String type, String entity, double weight, LocalDateTime ts) {
    signals
        .get(type)
        .computeIfAbsent(entity, k -> new ArrayList<>())
        .add(new Sig(weight, millis(ts)));
    latest.merge(type, millis(ts), Math::max);
    writes++;
  }

  /** The type's horizon: latest signal minus retention ({@code Long.MIN_VALUE}: none). */
  long horizon(String type) {
    Long last = latest.get(type);
    return last == null ? Long.MIN_VALUE : last - RETENTION_MS.get(type);
  }

  /**
   * Brute-force decay score as of {@code at} (DESIGN §2: signals with ts <= at) and the sum of
   * absolute terms, for the tolerance.
   */
  double[] decay(String type, String entity, long halfLife, long at) {
    double sum = 0;
    double abs = 0;
    for (Sig s : signals.get(type).getOrDefault(entity, List.of())) {
      if (s.ts() > at) {
        continue;
      }
      double term = s.weight() * Math.pow(2, -(double) (at - s.ts()) / halfLife);
      sum += term;
      abs += Math.abs(term);
    }
    return new double[] {sum, abs};
  }

  /**
   * Brute-force windowed count and how many signals lie within 60 s of the lower edge. Signals of
   * untracked statements never reach these types, so the model knows the type's latest signal
   * and so its horizon ({@link #horizon}: a count with {@code at - window} before it is an error).
   */
  long[] windowed(String type, String entity, long window, long at) {
    long n = 0;
    long edge = 0;
    for (Sig s : signals.get(type).getOrDefault(entity, List.of())) {
      if (at - window < s.ts() && s.ts() <= at) {
        n++;
      }
      if (Math.abs(s.ts() - (at - window)) <= 60_000) {
        edge++;
      }
    }
    return new long[] {n, edge};
  }

  static long millis(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /** Whether two column values are equal as SQL values (numbers by value). */
  static boolean same(Object expected, Object actual) {
    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
      return e.compareTo(a) == 0;
    }
    if (expected instanceof Double e && actual instanceof Double a) {
      return e.equals(a) || e.doubleValue() == a.doubleValue();
    }
    if (expected instanceof Number e
        && actual instanceof Number a
        && !(expected instanceof Double)
        && !(actual instanceof Double)) {
      return new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())) == 0;
    }
    return Objects.equals(expected, actual);
  }
}
