package io.tidal.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact answers to Q1-Q6, computed by brute force over the raw events in plain Java.
 *
 * <p>Design notes. One pass over the generated signals evaluates, for every signal, each term
 * {@code w * 2^(-(at - t)/h)} directly (no forward decay, no landmark) and each window test
 * {@code at - W < t <= at}; per-item sums are then ranked by score descending, ties by id
 * ascending. Nothing here is shared with any target's code. Floating-point answers are compared
 * with a relative tolerance of 1e-6 (plus 1e-9 absolute for vanishing scores); counts exactly.
 */
final class Oracle {
  static final int K = 10;
  private static final double REL = 1e-6;
  private static final double ABS = 1e-9;

  final double[] view1h;
  final double[] blend;
  final long[] likes24h;
  final long[] views1h;
  final List<Ranked> q1;
  final List<Ranked> q2;
  final List<Ranked> q6;

  private Oracle(W1 w) {
    int n = w.items();
    long at = w.at();
    view1h = new double[n];
    double[] view24h = new double[n];
    double[] like6h = new double[n];
    double[] share24h = new double[n];
    likes24h = new long[n];
    views1h = new long[n];
    SignalStream s = new SignalStream(w);
    while (s.advance()) {
      double age = at - s.ts;
      if (s.type == W1.VIEW) {
        view1h[s.item] += s.weight * Math.pow(2, -age / W1.HOUR);
        view24h[s.item] += s.weight * Math.pow(2, -age / W1.DAY);
        if (inWindow(at, W1.HOUR, s.ts)) {
          views1h[s.item]++;
        }
      } else if (s.type == W1.LIKE) {
        like6h[s.item] += s.weight * Math.pow(2, -age / (6 * W1.HOUR));
        if (inWindow(at, W1.DAY, s.ts)) {
          likes24h[s.item]++;
        }
      } else {
        share24h[s.item] += s.weight * Math.pow(2, -age / W1.DAY);
      }
    }
    blend = new double[n];
    double[] views1hRate = new double[n];
    for (int i = 0; i < n; i++) {
      blend[i] = 1 * view24h[i] + 5 * like6h[i] + 10 * share24h[i];
      views1hRate[i] = views1h[i];
    }
    q1 = top(view1h);
    q2 = top(blend);
    q6 = top(views1hRate);
  }

  static Oracle compute(W1 w) {
    return new Oracle(w);
  }

  static boolean inWindow(long at, long window, long ts) {
    return ts > at - window && ts <= at;
  }

  /** Velocity in signals per second of {@code count} signals in a window of {@code windowMs}. */
  static double velocity(long count, long windowMs) {
    return count / (windowMs / 1000.0);
  }

  /** The top {@link #K} items by {@code score} descending, ties by id ascending. */
  static List<Ranked> top(double[] score) {
    int[] best = new int[K];
    int size = 0;
    for (int i = 0; i < score.length; i++) {
      if (size < K || score[i] > score[best[size - 1]]) {
        int pos = size < K ? size++ : K - 1;
        while (pos > 0 && score[best[pos - 1]] < score[i]) {
          best[pos] = best[pos - 1];
          pos--;
        }
        best[pos] = i;
      }
    }
    List<Ranked> out = new ArrayList<>(size);
    for (int j = 0; j < size; j++) {
      out.add(new Ranked(W1.id(best[j]), score[best[j]]));
    }
    return out;
  }

  static boolean close(double got, double expected) {
    return Math.abs(got - expected) <= REL * Math.max(Math.abs(got), Math.abs(expected)) + ABS;
  }

  /** Null if {@code got} is within tolerance of {@code expected}, else what differs. */
  static String checkValue(String what, double got, double expected) {
    return close(got, expected) ? null : what + ": got " + got + ", expected " + expected;
  }

  /**
   * Null if {@code got} is a correct top-k: same length as {@code expected}; at each rank the
   * expected id, or (for float scores) an id whose exact score ties the expected one within
   * tolerance; every reported score (if any) matches the exact score of its id.
   */
  static String checkTop(
      String what,
      List<Ranked> got,
      List<Ranked> expected,
      double[] exact,
      double scale,
      boolean integral) {
    if (got.size() != expected.size()) {
      return what + ": " + got.size() + " rows, expected " + expected.size() + " " + expected;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int r = 0; r < got.size(); r++) {
      Ranked g = got.get(r);
      if (!seen.add(g.id())) {
        return what + ": id " + g.id() + " appears twice";
      }
      Ranked e = expected.get(r);
      int idx;
      try {
        idx = W1.index(g.id());
      } catch (RuntimeException bad) {
        return what + ": rank " + (r + 1) + " has unknown id '" + g.id() + "'";
      }
      boolean sameId = g.id().equals(e.id());
      if (!sameId && (integral || !close(exact[idx], e.score()))) {
        return what
            + ": rank "
            + (r + 1)
            + " is "
            + g.id()
            + " (exact "
            + exact[idx] * scale
            + "), expected "
            + e.id()
            + " ("
            + e.score() * scale
            + ")";
      }
      if (!Double.isNaN(g.score()) && !close(g.score(), exact[idx] * scale)) {
        return what
            + ": rank "
            + (r + 1)
            + " "
            + g.id()
            + " scored "
            + g.score()
            + ", exact "
            + exact[idx] * scale;
      }
    }
    return null;
  }
}
