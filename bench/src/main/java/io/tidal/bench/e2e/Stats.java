package io.tidal.bench.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and spread of one metric of one target over the runs, or why there is none. */
record Stats(double median, double spread, int runs, String problem) {

  /** Median over the runs whose phase is OK; any run not OK makes the problem its status. */
  static Stats of(List<Results> runs, Metric m) {
    List<Double> v = new ArrayList<>();
    for (Results r : runs) {
      if (!r.ok(m)) {
        String s = r.status.containsKey("all") ? r.status("all") : r.status(m.phase);
        return new Stats(Double.NaN, Double.NaN, 0, s);
      }
      v.add(r.values.get(m));
    }
    if (v.isEmpty()) {
      return new Stats(Double.NaN, Double.NaN, 0, "NOT RUN");
    }
    Collections.sort(v);
    int n = v.size();
    double med = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    double spread = med == 0 ? 0 : (v.get(n - 1) - v.get(0)) / med;
    return new Stats(med, spread, n, null);
  }

  boolean ok() {
    return problem == null;
  }

  /** How many times better {@code this} is than {@code other} (> 1: this is better). */
  double advantageOver(Stats other, Metric m) {
    if (!ok() || !other.ok() || median == 0 || other.median == 0) {
      return Double.NaN;
    }
    return m.higherIsBetter ? median / other.median : other.median / median;
  }

  /** The short status word of the problem: WRONG, FAILED, UNAVAILABLE, NOT RUN. */
  String problemWord() {
    int colon = problem.indexOf(':');
    String w = colon < 0 ? problem : problem.substring(0, colon);
    return w.startsWith("FAILED") ? "FAILED" : w;
  }
}
