package io.tidal.tests.fuzz;

import static io.tidal.tests.fuzz.FuzzLiterals.pick;
import static io.tidal.tests.fuzz.FuzzTracked.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Tracked writes through {@code PreparedStatement} parameters: the same weird values as
 * {@link FuzzTracked} (edge and out-of-range integers as {@code Long}, DECIMALs beyond the column,
 * unicode keys), on a few fixed shapes, so they are cheap enough to be a fifth of the fuzz.
 */
final class FuzzTrackedPrepared {
  private static final List<Long> LONGS =
      List.of(
          0L,
          1L,
          -1L,
          42L,
          2147483647L,
          -2147483648L,
          2147483648L,
          -2147483649L,
          Long.MAX_VALUE,
          Long.MIN_VALUE);
  private static final List<BigDecimal> PRICES =
      List.of(
          new BigDecimal("0.5"),
          new BigDecimal("19.99"),
          new BigDecimal("0.1234564"),
          new BigDecimal("-42"),
          new BigDecimal("9999999999999.999999"),
          new BigDecimal("99999999999999999999"));
  private static final List<Double> DOUBLES = List.of(0.0, 1.5, -2.25, 1e300, 4.9e-324, -0.0);
  private static final List<Double> WEIGHTS = List.of(1.0, 0.5, -1.0, 2.0, 0.0, 1e-3, 12345.0);

  private final Random r;

  FuzzTrackedPrepared(Random r) {
    this.r = r;
  }

  FuzzStatement next() {
    return switch (r.nextInt(8)) {
      case 0 -> insertItem();
      case 1 -> updateTitle();
      case 2 -> updateN();
      case 3 -> delete();
      default -> signal();
    };
  }

  private FuzzStatement insertItem() {
    String id = pick(r, FuzzLiterals.ITEM_IDS);
    String title = r.nextInt(5) == 0 ? null : pick(r, FuzzLiterals.STRINGS);
    Long n = r.nextInt(5) == 0 ? null : pick(r, LONGS);
    BigDecimal price = r.nextInt(5) == 0 ? null : pick(r, PRICES);
    Double score = pick(r, DOUBLES);
    LocalDateTime created = FuzzLiterals.signalTime(r);
    Boolean flag = r.nextBoolean();
    boolean fits = (n == null || n == n.intValue()) && (price == null || rounded(price) != null);
    FuzzModel.Item item =
        new FuzzModel.Item(
            id,
            title,
            "p",
            n == null ? null : n.intValue(),
            price == null ? null : rounded(price),
            score,
            flag,
            created);
    return new FuzzStatement(
        "INSERT INTO items (id, title, category, n, price, score, flag,"
            + " created_at) VALUES (?, ?, 'p', ?, ?, ?, ?, ?)",
        (m, c) -> {
          check(
              fits,
              "accepted a parameter that does not fit its column: n=" + n + " price=" + price);
          check(!m.items.containsKey(id), "accepted a duplicate key " + id);
          check(c == 1, "update count " + c);
          m.putItem(item);
        },
        "prepared:insertItem",
        Arrays.asList(id, title, n, price, score, flag, created));
  }

  private FuzzStatement updateTitle() {
    String id = pick(r, FuzzLiterals.ITEM_IDS);
    String title = pick(r, FuzzLiterals.STRINGS);
    return new FuzzStatement(
        "UPDATE items SET title = ? WHERE id = ?",
        (m, c) -> {
          FuzzModel.Item it = m.items.get(id);
          check(c == (it == null ? 0 : 1), "update count " + c + " for " + id);
          if (it != null) {
            m.putItem(
                new FuzzModel.Item(
                    id,
                    title,
                    it.category(),
                    it.n(),
                    it.price(),
                    it.score(),
                    it.flag(),
                    it.created()));
          }
        },
        "prepared:updateTitle",
        Arrays.asList(title, id));
  }

  private FuzzStatement updateN() {
    String id = pick(r, FuzzLiterals.ITEM_IDS);
    Long n = pick(r, LONGS);
    return new FuzzStatement(
        "UPDATE items SET n = ? WHERE id = ?",
        (m, c) -> {
          FuzzModel.Item it = m.items.get(id);
          check(it == null || n == n.intValue(), "accepted INTEGER parameter " + n);
          check(c == (it == null ? 0 : 1), "update count " + c + " for " + id);
          if (it != null) {
            m.putItem(
                new FuzzModel.Item(
                    id,
                    it.title(),
                    it.category(),
                    n.intValue(),
                    it.price(),
                    it.score(),
                    it.flag(),
                    it.created()));
          }
        },
        "prepared:updateN",
        Arrays.asList(n, id));
  }

  private FuzzStatement delete() {
    String id = pick(r, FuzzLiterals.ITEM_IDS);
    return new FuzzStatement(
        "DELETE FROM items WHERE id = ?",
        (m, c) -> {
          check(c == (m.items.containsKey(id) ? 1 : 0), "delete count " + c + " for " + id);
          m.deleteItem(id);
          m.writes++;
        },
        "prepared:delete",
        Arrays.asList(id));
  }

  private FuzzStatement signal() {
    boolean view = r.nextInt(4) != 0;
    String entity =
        view ? pick(r, FuzzLiterals.ITEM_IDS) : Long.toString(pick(r, FuzzLiterals.USER_IDS));
    double w = pick(r, WEIGHTS);
    LocalDateTime ts = FuzzLiterals.signalTime(r);
    String type = view ? "view" : "vote";
    return new FuzzStatement(
        "INSERT INTO signals (signal_type, entity_id, weight, ts)" + " VALUES (?, ?, ?, ?)",
        (m, c) -> {
          check(c == 1, "signal insert count " + c);
          m.signal(type, entity, w, ts);
        },
        "prepared:signal",
        Arrays.asList(type, entity, w, ts));
  }

  private static BigDecimal rounded(BigDecimal d) {
    BigDecimal v = d.setScale(6, RoundingMode.HALF_UP);
    return v.precision() > 19 ? null : v;
  }
}
