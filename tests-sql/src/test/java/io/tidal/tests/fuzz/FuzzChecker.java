package io.tidal.tests.fuzz;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks that the database still answers correctly: the rows of {@code items} and {@code users}
 * equal the model's, and {@code DECAY_SCORE} / {@code WINDOWED_COUNT} / {@code VELOCITY} of every
 * tracked entity (and some without signals) at random times equal the brute-force values; the
 * ranked top 5 by decay score has the model's top-5 scores. Failures are {@link AssertionError}s
 * naming the value.
 *
 * <p>Tolerances: scores within {@code 1e-9} of the sum of absolute terms (plus 1e-12); windowed
 * counts exact except for signals within 60 s of the window's lower edge (DESIGN §3), which the
 * check times avoid anyway.
 */
final class FuzzChecker {
  private final FuzzModel model;
  private final Random r;
  long checks;

  FuzzChecker(FuzzModel model, Random r) {
    this.model = model;
    this.r = r;
  }

  void verify(Connection c, String when) throws SQLException {
    rows(c, when);
    for (String type : List.of("view", "vote")) {
      scores(c, type, FuzzLiterals.checkTime(r), when);
      scores(c, type, FuzzLiterals.lateCheckTime(r), when);
    }
    ranked(c, FuzzLiterals.checkTime(r), when);
    checks++;
  }

  private void rows(Connection c, String when) throws SQLException {
    Map<String, Object[]> items = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, title, category, n, price, score, flag, created_at FROM items")) {
      while (rs.next()) {
        Object[] v = {
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getObject(4),
          rs.getBigDecimal(5),
          rs.getObject(6),
          rs.getObject(7),
          rs.getObject(8, LocalDateTime.class)
        };
        check(items.put((String) v[0], v) == null, when + ": items id " + v[0] + " twice");
      }
    }
    compare(
        "items", model.items.values().stream().map(FuzzModel.Item::values).toList(), items, when);
    Map<String, Object[]> users = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT uid, name, age FROM users")) {
      while (rs.next()) {
        Object[] v = {rs.getLong(1), rs.getString(2), rs.getObject(3)};
        check(users.put(v[0].toString(), v) == null, when + ": users uid " + v[0] + " twice");
      }
    }
    compare(
        "users", model.users.values().stream().map(FuzzModel.User::values).toList(), users, when);
  }

  private static void compare(
      String table, Collection<Object[]> expected, Map<String, Object[]> actual, String when) {
    Map<String, Object[]> want = new TreeMap<>();
    for (Object[] e : expected) {
      want.put(e[0].toString(), e);
    }
    check(
        want.keySet().equals(actual.keySet()),
        when + ": " + table + " keys " + actual.keySet() + ", expected " + want.keySet());
    for (Map.Entry<String, Object[]> e : want.entrySet()) {
      Object[] a = actual.get(e.getKey());
      Object[] x = e.getValue();
      for (int i = 0; i < x.length; i++) {
        Object xv = x[i] instanceof BigDecimal d ? d : x[i];
        check(
            FuzzModel.same(xv, a[i]),
            when
                + ": "
                + table
                + " row "
                + e.getKey()
                + " column "
                + (i + 1)
                + " = "
                + a[i]
                + ", expected "
                + xv
                + " (row "
                + Arrays.toString(a)
                + ")");
      }
    }
  }

  private void scores(Connection c, String type, LocalDateTime at, String when)
      throws SQLException {
    TreeSet<String> entities = new TreeSet<>(model.signals.get(type).keySet());
    entities.add(type.equals("view") ? "i0" : "0");
    entities.add(type.equals("view") ? "never-signalled" : "123456789");
    long atMs = FuzzModel.millis(at);
    for (long h : FuzzModel.HALF_LIVES.get(type)) {
      String sql = "SELECT DECAY_SCORE(?, '" + type + "', " + interval(h) + ", ?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (String e : entities) {
          if (atMs < model.horizon(type)) {
            beforeHorizon(ps, e, at, when + ": " + sql);
            continue;
          }
          double[] want = model.decay(type, e, h, atMs);
          double got = one(ps, e, at).doubleValue();
          check(
              Math.abs(got - want[0]) <= 1e-9 * want[1] + 1e-12,
              when
                  + ": "
                  + sql
                  + " for "
                  + e
                  + " at "
                  + at
                  + " = "
                  + got
                  + ", expected "
                  + want[0]);
        }
      }
    }
    for (long w : FuzzModel.WINDOWS.get(type)) {
      String sql = "SELECT WINDOWED_COUNT(?, '" + type + "', " + interval(w) + ", ?)";
      String vel = "SELECT VELOCITY(?, '" + type + "', " + interval(w) + ", ?)";
      try (PreparedStatement ps = c.prepareStatement(sql);
          PreparedStatement pv = c.prepareStatement(vel)) {
        for (String e : entities) {
          if (atMs - w < model.horizon(type)) {
            beforeHorizon(ps, e, at, when + ": " + sql);
            beforeHorizon(pv, e, at, when + ": " + vel);
            continue;
          }
          long[] want = model.windowed(type, e, w, atMs);
          long got = one(ps, e, at).longValue();
          check(
              got <= want[0] + want[1] && got >= want[0] - want[1],
              when
                  + ": "
                  + sql
                  + " for "
                  + e
                  + " at "
                  + at
                  + " = "
                  + got
                  + ", expected "
                  + want[0]);
          double v = one(pv, e, at).doubleValue();
          check(
              Math.abs(v - got / (w / 1000.0)) <= 1e-12 + want[1] / (w / 1000.0),
              when + ": " + vel + " for " + e + " = " + v + ", count " + got);
        }
      }
    }
  }

  /** A duration in ms as an INTERVAL literal in its largest whole unit. */
  static String interval(long ms) {
    if (ms % 86_400_000L == 0) {
      return "INTERVAL '" + ms / 86_400_000L + "' DAY";
    }
    if (ms % 3_600_000L == 0) {
      return "INTERVAL '" + ms / 3_600_000L + "' HOUR";
    }
    return "INTERVAL '" + ms / 60_000L + "' MINUTE";
  }

  /** A read before the type's retention horizon: SQLState 22023 naming the earliest exact at. */
  private static void beforeHorizon(
      PreparedStatement ps, String entity, LocalDateTime at, String what) {
    try {
      Number n = one(ps, entity, at);
      check(
          false,
          what
              + " for "
              + entity
              + " at "
              + at
              + " = "
              + n
              + ", expected an error (before the retention horizon)");
    } catch (SQLException e) {
      check(
          "22023".equals(e.getSQLState()) && e.getMessage().contains("earliest exact at"),
          what + " for " + entity + " at " + at + ": " + e.getSQLState() + " " + e.getMessage());
    }
  }

  private static Number one(PreparedStatement ps, String entity, LocalDateTime at)
      throws SQLException {
    ps.setString(1, entity);
    ps.setObject(2, at);
    try (ResultSet rs = ps.executeQuery()) {
      check(rs.next(), "no row from " + ps);
      return (Number) rs.getObject(1);
    }
  }

  private void ranked(Connection c, LocalDateTime at, String when) throws SQLException {
    long atMs = FuzzModel.millis(at);
    List<double[]> want = new ArrayList<>();
    for (String id : model.items.keySet()) {
      want.add(model.decay("view", id, 3_600_000L, atMs));
    }
    want.sort(Comparator.comparingDouble((double[] d) -> d[0]).reversed());
    String sql =
        "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
            + FuzzLiterals.ts(at)
            + ") AS hot FROM items ORDER BY hot DESC LIMIT 5";
    List<Double> got = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        got.add(rs.getDouble(2));
      }
    } catch (SQLException e) {
      check(
          atMs < model.horizon("view") && "22023".equals(e.getSQLState()),
          when + ": " + sql + ": " + e.getSQLState() + " " + e.getMessage());
      return;
    }
    check(
        atMs >= model.horizon("view") || model.items.isEmpty(),
        when + ": " + sql + " answered before the retention horizon");
    check(
        got.size() == Math.min(5, want.size()),
        when
            + ": "
            + sql
            + " returned "
            + got.size()
            + " rows, expected "
            + Math.min(5, want.size()));
    for (int i = 0; i < got.size(); i++) {
      double[] w = want.get(i);
      check(
          Math.abs(got.get(i) - w[0]) <= 1e-9 * Math.max(w[1], Math.abs(got.get(i))) + 1e-12,
          when
              + ": "
              + sql
              + " rank "
              + (i + 1)
              + " score "
              + got.get(i)
              + ", expected "
              + w[0]
              + " (all "
              + got
              + ")");
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
