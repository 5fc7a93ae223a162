package io.tidal.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Workload W2 "personal feed" (issue 17): W1-shaped items (Zipf popularity) each with a creator,
 * users who viewed items (every view is a {@code view} signal with the user as actor, so a user's
 * views are the seen set) and follow creators. Deterministic for a seed; the oracle answers are
 * computed here from the same data, by brute force.
 *
 * @param items number of items ({@code item_000000} ...)
 * @param creators number of creators ({@code c00000} ...)
 * @param users number of users ({@code u000000} ...)
 * @param seenPerUser views per user (~ seen-set size; repeats of an item are possible)
 * @param followsPerUser creators each user follows
 * @param seed generator seed
 */
record W2(int items, int creators, int users, int seenPerUser, int followsPerUser, long seed) {
  static final long HOUR = 3_600_000L;

  /** Views span the day before {@link #AT}. */
  static final long AT = W1.START + 7 * W1.DAY;

  static W2 named(String scale, long seed) {
    return switch (scale) {
      case "full" -> new W2(100_000, 2_000, 100_000, 200, 20, seed);
      case "quick" -> new W2(100_000, 2_000, 10_000, 200, 20, seed);
      case "small" -> new W2(100_000, 2_000, 1_000, 200, 20, seed);
      case "tiny" -> new W2(2_000, 100, 300, 50, 5, seed);
      default ->
          throw new IllegalArgumentException("unknown scale '" + scale + "' (full, quick, tiny)");
    };
  }

  String item(int i) {
    return padded("item_", i, 6);
  }

  String creator(int c) {
    return padded("c", c, 5);
  }

  String user(int u) {
    return padded("u", u, 6);
  }

  /**
   * {@code prefix} and {@code v} zero-padded to {@code width} digits, as {@code %0<width>d} would
   * write it; String.format cost a fifth of W2's load (JFR), called three times per signal.
   */
  static String padded(String prefix, int v, int width) {
    String digits = Integer.toString(v);
    StringBuilder b = new StringBuilder(prefix.length() + Math.max(width, digits.length()));
    b.append(prefix);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }

  /** The generated data. {@code viewItem[u][j]}, {@code viewTs[u][j]}: user u's views. */
  static final class Data {
    final int[] creatorOf;
    final int[][] viewItem;
    final long[][] viewTs;
    final int[][] follows;
    final double[] score; // DECAY_SCORE(item, 'view', 1h, AT)
    final double[] creatorScore; // DECAY_SCORE(creator, 'creator_view', 1 day, AT)

    Data(W2 w) {
      Random rnd = new Random(w.seed());
      creatorOf = new int[w.items()];
      for (int i = 0; i < w.items(); i++) {
        creatorOf[i] = rnd.nextInt(w.creators());
      }
      double[] cdf = zipfCdf(w.items(), W1.ZIPF);
      viewItem = new int[w.users()][];
      viewTs = new long[w.users()][];
      follows = new int[w.users()][];
      score = new double[w.items()];
      creatorScore = new double[w.creators()];
      for (int u = 0; u < w.users(); u++) {
        int n = w.seenPerUser() / 2 + rnd.nextInt(w.seenPerUser() + 1);
        viewItem[u] = new int[n];
        viewTs[u] = new long[n];
        for (int j = 0; j < n; j++) {
          int i = sample(cdf, rnd);
          long ts = AT - (long) (rnd.nextDouble() * W1.DAY);
          viewItem[u][j] = i;
          viewTs[u][j] = ts;
          score[i] += Math.pow(2, -(double) (AT - ts) / HOUR);
          creatorScore[creatorOf[i]] += Math.pow(2, -(double) (AT - ts) / W1.DAY);
        }
        follows[u] = rnd.ints(0, w.creators()).distinct().limit(w.followsPerUser()).toArray();
      }
    }

    private static double[] zipfCdf(int n, double s) {
      double[] cdf = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1 / Math.pow(i + 1, s);
        cdf[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cdf[i] /= sum;
      }
      return cdf;
    }

    private static int sample(double[] cdf, Random rnd) {
      int i = Arrays.binarySearch(cdf, rnd.nextDouble());
      return Math.min(cdf.length - 1, i < 0 ? -i - 1 : i);
    }

    long signals() {
      long n = 0;
      for (int[] v : viewItem) {
        n += v.length;
      }
      return n;
    }

    /** Oracle: the top k items (ids) user u has not seen, by score then id. */
    List<Integer> unseenTop(int u, int k) {
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int i : viewItem[u]) {
        seen.add(i);
      }
      return top(i -> !seen.contains(i), k);
    }

    /** Oracle: the top k items of the creators user u follows. */
    List<Integer> followedTop(int u, int k) {
      java.util.Set<Integer> f = new java.util.HashSet<>();
      for (int c : follows[u]) {
        f.add(c);
      }
      return top(i -> f.contains(creatorOf[i]), k);
    }

    private List<Integer> top(java.util.function.IntPredicate keep, int k) {
      List<Integer> out = new ArrayList<>();
      Integer[] order = rankOrder();
      for (int i : order) {
        if (out.size() == k) {
          break;
        }
        if (keep.test(i)) {
          out.add(i);
        }
      }
      return out;
    }

    private Integer[] rank;

    private Integer[] rankOrder() {
      if (rank == null) {
        rank = new Integer[score.length];
        for (int i = 0; i < rank.length; i++) {
          rank[i] = i;
        }
        Arrays.sort(
            rank,
            (a, b) ->
                score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
      }
      return rank;
    }

    Map<String, Double> creatorScores(W2 w) {
      Map<String, Double> out = new HashMap<>();
      for (int c = 0; c < creatorScore.length; c++) {
        out.put(w.creator(c), creatorScore[c]);
      }
      return out;
    }
  }
}
