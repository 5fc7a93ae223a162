package io.tidal.tests.fuzz;

import static io.tidal.tests.fuzz.FuzzLiterals.pick;
import static io.tidal.tests.fuzz.FuzzLiterals.str;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes to the tracked objects whose effect the fuzz knows: INSERT, UPDATE and DELETE on
 * {@code items} and {@code users}, and signals of the types {@code view} and {@code vote}, with
 * ordinary and weird literals. Each carries its effect: on success the model applies the write and
 * checks the update count; a write the database must refuse (a duplicate key, a value that does
 * not fit its column) fails the run if it succeeds. A refused write leaves the model unchanged
 * (autocommit statements are atomic).
 */
final class FuzzTracked {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  /** DECIMAL literals whose value rounded to 6 places does not depend on the rounding mode. */
  private static final List<String> PRICES =
      List.of(
          "0",
          "0.5",
          "-3.75",
          "19.99",
          "123.456789",
          "0.000001",
          "0.1234564",
          "9999999999999.999999",
          "-42",
          "99999999999999999999",
          "12345678901234567890.5",
          "1234567890123");

  private static final List<String> SCORES =
      List.of(
          "0",
          "1",
          "-1.5",
          "0.1",
          "123.456789",
          "1e10",
          "-2.5e-3",
          "3.14159265358979323846264338327950288419716939937510",
          "1e308",
          "1e-320",
          "6.02e23",
          "42",
          "-0.0");
  private static final List<String> WEIGHTS =
      List.of("1", "1.0", "0.5", "2", "-1", "-0.25", "0", "1000000", "3.75", "1e-3", "7");

  private final Random r;
  private long dedup;

  FuzzTracked(Random r) {
    this.r = r;
  }

  FuzzStatement next() {
    return switch (r.nextInt(10)) {
      case 0, 1 -> insertItem();
      case 2 -> updateItem();
      case 3 -> deleteItem();
      case 4 -> userWrite();
      case 5, 6, 7 -> signals("view");
      case 8 -> signals("vote");
      default -> mustFail();
    };
  }

  private FuzzStatement insertItem() {
    int rows = r.nextInt(5) == 0 ? 2 + r.nextInt(3) : 1;
    List<FuzzModel.Item> values = new ArrayList<>();
    List<String> tuples = new ArrayList<>();
    boolean fits = true;
    for (int i = 0; i < rows; i++) {
      String id = pick(r, FuzzLiterals.ITEM_IDS);
      String title = r.nextInt(6) == 0 ? null : pick(r, FuzzLiterals.STRINGS);
      String cat = r.nextInt(6) == 0 ? null : pick(r, FuzzLiterals.CATEGORIES);
      String n = r.nextInt(6) == 0 ? "NULL" : pick(r, FuzzLiterals.INTEGERS);
      String price = r.nextInt(6) == 0 ? "NULL" : pick(r, PRICES);
      String score = r.nextInt(6) == 0 ? "NULL" : pick(r, SCORES);
      String flag = pick(r, List.of("TRUE", "FALSE", "NULL"));
      String created = createdLiteral();
      tuples.add(
          "("
              + String.join(
                  ", ",
                  str(id),
                  title == null ? "NULL" : str(title),
                  cat == null ? "NULL" : str(cat),
                  n,
                  price,
                  score,
                  flag,
                  created)
              + ")");
      Integer nv = intValue(n);
      BigDecimal pv = decimalValue(price);
      LocalDateTime cv = timestampValue(created);
      fits &=
          (n.equals("NULL") || nv != null)
              && (price.equals("NULL") || pv != null)
              && (created.equals("NULL") || cv != null);
      values.add(
          new FuzzModel.Item(
              id,
              title,
              cat,
              nv,
              pv,
              score.equals("NULL") ? null : Double.parseDouble(score),
              flag.equals("NULL") ? null : Boolean.valueOf(flag),
              cv));
    }
    String cols =
        r.nextBoolean() ? "" : " (id, title, category, n, price, score, flag, created_at)";
    String sql =
        "INSERT INTO "
            + pick(r, List.of("items", "ITEMS", "Items", "\"ITEMS\""))
            + cols
            + " VALUES "
            + String.join(", ", tuples);
    boolean allFit = fits;
    return new FuzzStatement(
        sql,
        (m, count) -> {
          check(allFit, "accepted a value that does not fit its column");
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (FuzzModel.Item it : values) {
            check(
                !m.items.containsKey(it.id()) && seen.add(it.id()),
                "accepted a duplicate key " + it.id());
          }
          check(count == values.size(), "update count " + count + ", expected " + values.size());
          values.forEach(m::putItem);
        },
        "tracked:insertItem");
  }

  private FuzzStatement updateItem() {
    String id = pick(r, FuzzLiterals.ITEM_IDS);
    String where = " WHERE id = " + str(id);
    switch (r.nextInt(4)) {
      case 0 -> {
        String title = pick(r, FuzzLiterals.STRINGS);
        return new FuzzStatement(
            "UPDATE items SET title = " + str(title) + where,
            (m, c) ->
                updated(
                    m,
                    id,
                    c,
                    it ->
                        new FuzzModel.Item(
                            it.id(),
                            title,
                            it.category(),
                            it.n(),
                            it.price(),
                            it.score(),
                            it.flag(),
                            it.created())),
            "tracked:updateTitle");
      }
      case 1 -> {
        String n = pick(r, FuzzLiterals.INTEGERS);
        Integer nv = intValue(n);
        return new FuzzStatement(
            "UPDATE items SET n = " + n + ", flag = NOT flag" + where,
            (m, c) -> {
              check(nv != null || !m.items.containsKey(id), "accepted INTEGER " + n);
              updated(
                  m,
                  id,
                  c,
                  it ->
                      new FuzzModel.Item(
                          it.id(),
                          it.title(),
                          it.category(),
                          nv,
                          it.price(),
                          it.score(),
                          it.flag() == null ? null : !it.flag(),
                          it.created()));
            },
            "tracked:updateN");
      }
      case 2 -> {
        int delta = r.nextInt(7) - 3;
        return new FuzzStatement(
            "UPDATE items SET n = n + " + delta + ", category = 'moved'" + where,
            (m, c) ->
                updated(
                    m,
                    id,
                    c,
                    it ->
                        new FuzzModel.Item(
                            it.id(),
                            it.title(),
                            "moved",
                            plus(m, it.n(), delta),
                            it.price(),
                            it.score(),
                            it.flag(),
                            it.created())),
            "tracked:updateArith");
      }
      default -> {
        String created = createdLiteral();
        LocalDateTime cv = timestampValue(created);
        return new FuzzStatement(
            "UPDATE items SET created_at = " + created + where,
            (m, c) -> {
              check(
                  cv != null || created.equals("NULL") || !m.items.containsKey(id),
                  "accepted timestamp " + created);
              updated(
                  m,
                  id,
                  c,
                  it ->
                      new FuzzModel.Item(
                          it.id(),
                          it.title(),
                          it.category(),
                          it.n(),
                          it.price(),
                          it.score(),
                          it.flag(),
                          cv));
            },
            "tracked:updateTs");
      }
    }
  }

  /**
   * {@code n + delta}; an overflow must fail the statement with 22003 (checked arithmetic), so a
   * success that would need a wrapped value is a wrong answer and fails the run.
   */
  private static Integer plus(FuzzModel m, Integer n, int delta) {
    if (n == null) {
      return null;
    }
    long v = (long) n + delta;
    check(
        v == (int) v,
        "INTEGER overflow accepted: " + n + " + " + delta + " (must fail with 22003)");
    return (int) v;
  }

  private static void updated(
      FuzzModel m, String id, long count, java.util.function.UnaryOperator<FuzzModel.Item> f) {
    FuzzModel.Item it = m.items.get(id);
    check(count == (it == null ? 0 : 1), "update count " + count + " for id " + id);
    if (it != null) {
      m.putItem(f.apply(it));
    }
  }

  private FuzzStatement deleteItem() {
    if (r.nextInt(4) == 0) {
      String cat = pick(r, FuzzLiterals.CATEGORIES);
      return new FuzzStatement(
          "DELETE FROM items WHERE category = " + str(cat),
          (m, c) -> {
            long n = m.items.values().stream().filter(i -> cat.equals(i.category())).count();
            check(c == n, "delete count " + c + ", expected " + n);
            m.items.values().stream()
                .filter(i -> cat.equals(i.category()))
                .map(FuzzModel.Item::id)
                .toList()
                .forEach(m::deleteItem);
            m.writes++;
          },
          "tracked:deleteCategory");
    }
    String id = pick(r, FuzzLiterals.ITEM_IDS);
    return new FuzzStatement(
        "DELETE FROM items WHERE id = " + str(id),
        (m, c) -> {
          check(c == (m.items.containsKey(id) ? 1 : 0), "delete count " + c + " for " + id);
          m.deleteItem(id);
          m.writes++;
        },
        "tracked:deleteItem");
  }

  private FuzzStatement userWrite() {
    long uid = pick(r, FuzzLiterals.USER_IDS);
    switch (r.nextInt(3)) {
      case 0 -> {
        String name = r.nextInt(5) == 0 ? null : pick(r, FuzzLiterals.STRINGS);
        String age = r.nextInt(5) == 0 ? "NULL" : pick(r, FuzzLiterals.INTEGERS);
        Integer av = intValue(age);
        String sql =
            "INSERT INTO users (uid, name, age) VALUES ("
                + uid
                + ", "
                + (name == null ? "NULL" : str(name))
                + ", "
                + age
                + ")";
        return new FuzzStatement(
            sql,
            (m, c) -> {
              check(av != null || age.equals("NULL"), "accepted INTEGER " + age);
              check(!m.users.containsKey(uid), "accepted a duplicate key " + uid);
              check(c == 1, "update count " + c);
              m.putUser(new FuzzModel.User(uid, name, av));
            },
            "tracked:insertUser");
      }
      case 1 -> {
        String name = pick(r, FuzzLiterals.STRINGS);
        return new FuzzStatement(
            "UPDATE users SET name = " + str(name) + " WHERE uid = " + uid,
            (m, c) -> {
              FuzzModel.User u = m.users.get(uid);
              check(c == (u == null ? 0 : 1), "update count " + c + " for uid " + uid);
              if (u != null) {
                m.putUser(new FuzzModel.User(uid, name, u.age()));
              }
            },
            "tracked:updateUser");
      }
      default -> {
        return new FuzzStatement(
            "DELETE FROM users WHERE uid = " + uid,
            (m, c) -> {
              check(c == (m.users.containsKey(uid) ? 1 : 0), "delete count " + c + " for " + uid);
              m.deleteUser(uid);
              m.writes++;
            },
            "tracked:deleteUser");
      }
    }
  }

  private FuzzStatement signals(String type) {
    int rows = r.nextInt(6) == 0 ? 2 + r.nextInt(4) : 1;
    List<String> tuples = new ArrayList<>();
    List<Object[]> sigs = new ArrayList<>();
    boolean valid = true;
    boolean withWeight = r.nextInt(4) != 0;
    boolean withDedup = r.nextInt(4) == 0;
    String spelled =
        pick(
            r,
            List.of(
                type,
                type.toUpperCase(java.util.Locale.ROOT),
                Character.toUpperCase(type.charAt(0)) + type.substring(1)));
    for (int i = 0; i < rows; i++) {
      String entity;
      boolean ok = true;
      if (type.equals("view")) {
        entity = pick(r, FuzzLiterals.ITEM_IDS);
      } else if (r.nextInt(8) == 0) {
        entity = pick(r, List.of("abc", "1.5", "", "0x10", "18446744073709551616", "7 7"));
        ok = false;
      } else if (r.nextInt(10) == 0) {
        entity = " 7 "; // surrounding blanks are trimmed (SignalRows): entity 7
      } else {
        entity = Long.toString(pick(r, FuzzLiterals.USER_IDS));
      }
      String w = withWeight ? pick(r, WEIGHTS) : "1.0";
      LocalDateTime ts = FuzzLiterals.signalTime(r);
      tuples.add(
          "("
              + str(spelled)
              + ", "
              + str(entity)
              + (withWeight ? ", " + w : "")
              + ", "
              + FuzzLiterals.ts(ts)
              + (withDedup ? ", 'k" + (dedup++) + "'" : "")
              + ")");
      sigs.add(
          new Object[] {type.equals("vote") ? entity.strip() : entity, Double.parseDouble(w), ts});
      valid &= ok;
    }
    String sql =
        "INSERT INTO signals (signal_type, entity_id"
            + (withWeight ? ", weight" : "")
            + ", ts"
            + (withDedup ? ", dedup_key" : "")
            + ") VALUES "
            + String.join(", ", tuples);
    boolean allValid = valid;
    return new FuzzStatement(
        sql,
        (m, c) -> {
          check(allValid, "accepted a bad entity id for a BIGINT key");
          check(c == sigs.size(), "signal insert count " + c + ", expected " + sigs.size());
          for (Object[] s : sigs) {
            m.signal(type, (String) s[0], (Double) s[1], (LocalDateTime) s[2]);
          }
        },
        "tracked:signals");
  }

  /** Statements on tracked objects that must fail; their success fails the run. */
  private FuzzStatement mustFail() {
    String sql =
        pick(
            r,
            List.of(
                FuzzModel.ITEMS_DDL,
                FuzzModel.USERS_DDL,
                FuzzModel.VIEW_DDL,
                "DROP TABLE items",
                "DROP TABLE users",
                "CREATE TABLE IF NOT EXISTS items (id BIGINT)",
                "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', 'i1', 1e400,"
                    + " TIMESTAMP '2026-11-01 10:00:00')",
                "INSERT INTO signals (signal_type, entity_id, ts) VALUES ('view', NULL,"
                    + " TIMESTAMP '2026-11-01 10:00:00')",
                "INSERT INTO signals (signal_type, entity_id, ts) VALUES ('view', 'i1',"
                    + " TIMESTAMP '1800-01-01 00:00:00')",
                "INSERT INTO items (id) VALUES (NULL)",
                "UPDATE signals SET weight = 2",
                "DELETE FROM signals",
                "INSERT INTO items (title) VALUES ('no key')",
                "INSERT INTO users (uid) VALUES ('abc')"));
    if (sql.startsWith("CREATE TABLE IF NOT EXISTS")) {
      return new FuzzStatement(
          sql, (m, c) -> check(c == 0, "IF NOT EXISTS count " + c), "tracked:ifNotExists");
    }
    return new FuzzStatement(
        sql, (m, c) -> check(false, "must fail but succeeded"), "tracked:mustFail");
  }

  private String createdLiteral() {
    return switch (r.nextInt(8)) {
      case 0 -> "NULL";
      case 1 ->
          "TIMESTAMP '"
              + pick(
                  r,
                  List.of(
                      "1900-01-01 00:00:00",
                      "9999-12-31 23:59:59",
                      "2026-02-30 10:00:00",
                      "2026-11-01 24:00:00",
                      "1970-01-01 00:00:00",
                      "2026-11-01 10:00:00.123456789",
                      "1969-12-31 23:59:59.999",
                      "2000-02-29 12:00:00"))
              + "'";
      default -> FuzzLiterals.ts(FuzzLiterals.signalTime(r));
    };
  }

  static Integer intValue(String literal) {
    BigDecimal d = FuzzLiterals.exact(literal);
    if (d == null || d.scale() > 0) {
      return null;
    }
    try {
      return d.intValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  static BigDecimal decimalValue(String literal) {
    BigDecimal d = FuzzLiterals.exact(literal);
    if (d == null) {
      return null;
    }
    BigDecimal v = d.setScale(6, RoundingMode.HALF_UP);
    return v.precision() > 19 ? null : v;
  }

  static LocalDateTime timestampValue(String literal) {
    if (!literal.startsWith("TIMESTAMP '")) {
      return null;
    }
    String text = literal.substring(11, literal.length() - 1);
    try {
      String whole = text.length() > 19 ? text.substring(0, 19) : text;
      LocalDateTime t =
          LocalDateTime.parse(whole, TS.withResolverStyle(java.time.format.ResolverStyle.STRICT));
      if (text.length() > 20) {
        t = t.plusNanos(Long.parseLong((text.substring(20) + "000000000").substring(0, 9)));
      }
      return t.truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
