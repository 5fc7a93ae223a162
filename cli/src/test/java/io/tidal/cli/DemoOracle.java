package io.tidal.cli;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

/** Brute-force scores over the demo's raw events: the formulas of DESIGN.md §2, nothing cached. */
final class DemoOracle {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  private final DemoData data;

  DemoOracle(DemoData data) {
    this.data = data;
  }

  static long millis(String time) {
    return LocalDateTime.parse(time.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  int index(String itemId) {
    return Integer.parseInt(itemId.substring(1)) - 1;
  }

  /** sum of 2^(-(at - ts) / halfLife) over the item's signals of that type. */
  double decay(int item, String type, long halfLife, long at) {
    double sum = 0;
    for (DemoData.Event e : data.events) {
      if (e.item() == item && e.typeName().equals(type)) {
        sum += Math.pow(2, -(double) (at - e.ts()) / halfLife);
      }
    }
    return sum;
  }

  /** Signals with at - window < ts <= at. */
  long windowed(int item, String type, long window, long at) {
    long n = 0;
    for (DemoData.Event e : data.events) {
      if (e.item() == item && e.typeName().equals(type) && e.ts() > at - window && e.ts() <= at) {
        n++;
      }
    }
    return n;
  }

  /** The items {@code user} viewed (every view is retained: the week is within the retention). */
  java.util.Set<Integer> seenBy(String user) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    for (int e = 0; e < data.events.size(); e++) {
      if (data.events.get(e).typeName().equals("view") && data.actorOf[e].equals(user)) {
        out.add(data.events.get(e).item());
      }
    }
    return out;
  }

  /** The k best values of {@code score} over the items that pass {@code filter}, best first. */
  double[] topValues(int k, IntPredicate filter, IntToDoubleFunction score) {
    double[] all = new double[data.items.size()];
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (filter.test(i)) {
        all[n++] = score.applyAsDouble(i);
      }
    }
    double[] values = Arrays.copyOf(all, n);
    Arrays.sort(values);
    double[] top = new double[Math.min(k, n)];
    for (int i = 0; i < top.length; i++) {
      top[i] = values[n - 1 - i];
    }
    return top;
  }

  /** Per item and type at once: decay sums for one half-life (fast path for rankings). */
  double[] decayAll(String type, long halfLife, long at) {
    double[] sums = new double[data.items.size()];
    for (DemoData.Event e : data.events) {
      if (e.typeName().equals(type)) {
        sums[e.item()] += Math.pow(2, -(double) (at - e.ts()) / halfLife);
      }
    }
    return sums;
  }

  long[] windowedAll(String type, long window, long at) {
    long[] counts = new long[data.items.size()];
    for (DemoData.Event e : data.events) {
      if (e.typeName().equals(type) && e.ts() > at - window && e.ts() <= at) {
        counts[e.item()]++;
      }
    }
    return counts;
  }
}
