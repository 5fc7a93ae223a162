package io.tidal.cli;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic but realistic week of engagement on a content site, fully determined by a seed:
 * creators, items (with category, creator and creation time), view, like and share signals, the
 * users who emitted them ({@link #actorOf}) and the creators each user follows.
 */
final class DemoData {
  /*
   * Design notes. The week is [WEEK_START, WEEK_END) in UTC; everything is generated from one
   * java.util.Random, so a seed always gives the same rows and events (the demo's rankings are
   * deterministic and the tests can recompute them from the events).
   *
   * - Popularity is Zipf-like: the item at popularity rank r is picked for a view with weight
   *   1 / (r + 1)^1.05, ranks shuffled over items.
   * - Interest fades: an item's views fall at created_at + Exp(mean 36 h), and only the part of
   *   that curve inside the week is loaded (new items get few views yet, old ones none any more):
   *   items are drawn by Zipf weight times that part, times by inverse sampling of the curve.
   * - Daily cycle: a time is kept with probability 0.25 + 0.75 * (1 + cos(2 pi (h - 20.5) / 24)) / 2
   *   for hour-of-day h (UTC), so evenings are busy and early mornings quiet.
   * - Likes and shares follow a view (probability scaled by a per-item quality) a few minutes later.
   * - Five items go viral: a burst of views from a start time (Exp(mean 5 h) after it) with high
   *   like and share rates; the latest started 2.5 hours before the end of the week.
   * - Late events: 2 % of events arrive 5 minutes to 6 hours after their timestamp; the events list
   *   is in arrival order, so the database receives them out of order, as real pipelines do.
   * - Users (issue 17) come from a second Random of the seed, so the events above do not change:
   *   max(50, items / 100) users, each event's actor drawn uniformly among them, and each user
   *   follows 5 distinct creators, skewed towards the prolific ones.
   */

  static final LocalDateTime WEEK_START = LocalDateTime.of(2026, 11, 1, 0, 0);
  static final LocalDateTime WEEK_END = LocalDateTime.of(2026, 11, 8, 0, 0);
  static final long START = WEEK_START.toInstant(ZoneOffset.UTC).toEpochMilli();
  static final long END = WEEK_END.toInstant(ZoneOffset.UTC).toEpochMilli();
  static final String[] TYPES = {"view", "like", "share"};

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long LIFETIME = 36 * HOUR;
  private static final double[] VIRAL_SHARE = {0.30, 0.25, 0.20, 0.15, 0.10};
  private static final long[] VIRAL_START_BEFORE_END = {
    150 * MINUTE, 7 * HOUR, 14 * HOUR, 22 * HOUR, 36 * HOUR
  };

  record Creator(String id, String name, String country) {}

  record Item(String id, String title, String category, String creator, LocalDateTime createdAt) {}

  /** One signal: type index into {@link #TYPES}, item index, timestamp and arrival (UTC ms). */
  record Event(int type, int item, long ts, long arrival) {
    String typeName() {
      return TYPES[type];
    }
  }

  final List<Creator> creators;
  final List<Item> items;

  /** In arrival order. */
  final List<Event> events;

  /** The demo's user: the personal feed is printed for them. */
  static final String USER = "u001";

  /** The user who emitted each event, by the event's index in {@link #events}. */
  final String[] actorOf;

  /** The creators each user follows (user id to creator ids). */
  final Map<String, List<String>> follows;

  /** Indexes of the viral items, the most recently started first. */
  final int[] viral;

  private DemoData(
      List<Creator> creators, List<Item> items, List<Event> events, int[] viral, long seed) {
    this.creators = creators;
    this.items = items;
    this.events = events;
    this.viral = viral;
    Random rnd = new Random(seed * 31 + 17);
    int users = Math.max(50, items.size() / 100);
    actorOf = new String[events.size()];
    for (int e = 0; e < actorOf.length; e++) {
      actorOf[e] = user(rnd.nextInt(users));
    }
    Map<String, List<String>> f = new LinkedHashMap<>();
    for (int u = 0; u < users; u++) {
      Set<String> picked = new LinkedHashSet<>();
      while (picked.size() < Math.min(5, creators.size())) {
        picked.add(creators.get((int) (creators.size() * Math.pow(rnd.nextDouble(), 2))).id());
      }
      f.put(user(u), List.copyOf(picked));
    }
    follows = Collections.unmodifiableMap(f);
  }

  private static String user(int u) {
    return String.format(Locale.ROOT, "u%03d", u + 1);
  }

  /** The item whose score history the demo prints: a viral item that peaked mid-way. */
  int historyItem() {
    return viral[2];
  }

  static LocalDateTime toTime(long utcMillis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(utcMillis, 1000), Math.floorMod(utcMillis, 1000) * 1_000_000, ZoneOffset.UTC);
  }

  /**
   * Generates about {@code signalTarget} signals over {@code itemCount} items.
   *
   * @throws IllegalArgumentException if itemCount is under 100 or signalTarget under 1,000
   */
  static DemoData generate(long seed, int itemCount, int signalTarget) {
    if (itemCount < 100 || signalTarget < 1_000) {
      throw new IllegalArgumentException(
          "the demo needs at least 100 items and 1,000 signals, got "
              + itemCount
              + " and "
              + signalTarget);
    }
    Random rnd = new Random(seed);
    List<Creator> creators = DemoNames.creators(rnd, Math.max(10, itemCount / 25));
    int[] rank = shuffledRanks(rnd, itemCount);
    int[] viral = pickViral(rnd, rank);
    long[] created = new long[itemCount];
    for (int i = 0; i < itemCount; i++) {
      created[i] = START - 7 * DAY + (long) (rnd.nextDouble() * (14 * DAY - HOUR));
    }
    for (int v = 0; v < viral.length; v++) {
      created[viral[v]] = END - VIRAL_START_BEFORE_END[v] - (long) (rnd.nextDouble() * 3 * HOUR);
    }
    List<Item> items = new ArrayList<>(itemCount);
    for (int i = 0; i < itemCount; i++) {
      String category = DemoNames.category(rnd);
      // Prolific creators first: the creator index is skewed towards 0.
      int creator = (int) (creators.size() * Math.pow(rnd.nextDouble(), 2));
      items.add(
          new Item(
              String.format(Locale.ROOT, "i%05d", i + 1),
              DemoNames.title(rnd, category),
              category,
              creators.get(creator).id(),
              toTime(created[i])));
    }
    double[] quality = new double[itemCount];
    for (int i = 0; i < itemCount; i++) {
      quality[i] = 0.5 + rnd.nextDouble();
    }
    Events events = new Events(rnd);
    events.baseViews(rank, created, quality, (int) (signalTarget * 0.84));
    events.viralBursts(viral, (int) (signalTarget * 0.075));
    return new DemoData(creators, items, events.inArrivalOrder(), viral, seed);
  }

  private static int[] shuffledRanks(Random rnd, int n) {
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    return rank;
  }

  /** Viral items come from the middle of the popularity curve: they were nobody before. */
  private static int[] pickViral(Random rnd, int[] rank) {
    int n = rank.length;
    int low = n / 60;
    int high = n / 6;
    int[] viral = new int[VIRAL_SHARE.length];
    int found = 0;
    while (found < viral.length) {
      int candidate = rnd.nextInt(n);
      boolean taken = false;
      for (int k = 0; k < found; k++) {
        taken |= viral[k] == candidate;
      }
      if (!taken && rank[candidate] >= low && rank[candidate] < high) {
        viral[found++] = candidate;
      }
    }
    return viral;
  }

  static double activity(long utcMillis) {
    double hour = Math.floorMod(utcMillis, DAY) / (double) HOUR;
    return 0.25 + 0.75 * (1 + Math.cos(2 * Math.PI * (hour - 20.5) / 24)) / 2;
  }

  /** Accumulates events; a view brings its likes and shares. */
  private static final class Events {
    private final Random rnd;
    private final List<Event> list = new ArrayList<>();

    Events(Random rnd) {
      this.rnd = rnd;
    }

    void baseViews(int[] rank, long[] created, double[] quality, int views) {
      // An item's chance of a view in the week: its Zipf weight times the share of its interest
      // curve (created + Exp(mean LIFETIME)) that falls inside the week.
      double[] lo = new double[rank.length];
      double[] hi = new double[rank.length];
      double[] cumulative = new double[rank.length];
      double sum = 0;
      for (int i = 0; i < rank.length; i++) {
        lo[i] = interestBefore(created[i], Math.max(created[i], START));
        hi[i] = interestBefore(created[i], END);
        sum += (hi[i] - lo[i]) / Math.pow(rank[i] + 1, 1.05);
        cumulative[i] = sum;
      }
      for (int made = 0; made < views; made++) {
        int item = pick(cumulative, rnd.nextDouble() * sum);
        view(
            item,
            viewTime(created[item], lo[item], hi[item]),
            0.06 * quality[item],
            0.012 * quality[item]);
      }
    }

    void viralBursts(int[] viral, int views) {
      for (int v = 0; v < viral.length; v++) {
        long start = END - VIRAL_START_BEFORE_END[v];
        int burst = (int) (views * VIRAL_SHARE[v]);
        for (int k = 0; k < burst; k++) {
          long ts = start + exponential(5 * HOUR);
          // The burst goes on after the week: those views are not in the data yet.
          if (ts < END && rnd.nextDouble() < activity(ts)) {
            view(viral[v], ts, 0.10, 0.05);
          }
        }
      }
    }

    /** The share of an item's interest spent before {@code t}: 1 - e^(-(t - created) / LIFETIME). */
    private static double interestBefore(long created, long t) {
      return -Math.expm1(-(t - created) / (double) LIFETIME);
    }

    /**
     * A view time in the week by inverse sampling of the interest curve between its week bounds
     * {@code lo} and {@code hi}, thinned by the daily cycle.
     */
    private long viewTime(long created, double lo, double hi) {
      while (true) {
        double p = lo + rnd.nextDouble() * (hi - lo);
        long ts = created + (long) (-Math.log1p(-p) * LIFETIME);
        ts = Math.max(START, Math.min(END - 1, ts));
        if (rnd.nextDouble() < activity(ts)) {
          return ts;
        }
      }
    }

    private void view(int item, long ts, double likeRate, double shareRate) {
      add(0, item, ts);
      if (rnd.nextDouble() < likeRate) {
        add(1, item, ts + exponential(3 * MINUTE));
      }
      if (rnd.nextDouble() < shareRate) {
        add(2, item, ts + exponential(10 * MINUTE));
      }
    }

    private void add(int type, int item, long ts) {
      if (ts >= END) {
        return;
      }
      long delay =
          rnd.nextDouble() < 0.02
              ? 5 * MINUTE + (long) (rnd.nextDouble() * (6 * HOUR - 5 * MINUTE))
              : (long) (rnd.nextDouble() * 2_000);
      list.add(new Event(type, item, ts, ts + delay));
    }

    private long exponential(long mean) {
      return (long) (-Math.log(1 - rnd.nextDouble()) * mean);
    }

    List<Event> inArrivalOrder() {
      List<Event> sorted = new ArrayList<>(list);
      sorted.sort(Comparator.comparingLong(Event::arrival));
      return List.copyOf(sorted);
    }

    private static int pick(double[] cumulative, double x) {
      int i = Arrays.binarySearch(cumulative, x);
      return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }
  }
}
