package io.tidal.engine.rank;

import io.tidal.schema.EntityId;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Exact top-K over a non-negative weighted sum of scores, each with its own {@link RankIndex}:
 * Fagin's threshold algorithm (Fagin, Lotem, Naor, "Optimal aggregation algorithms for
 * middleware").
 *
 * <p>Sorted access proceeds round-robin over the sources, one entry each per round. The first time
 * an entity is met, the filter is tested, and if it passes the entity's full score is read by random
 * access ({@link Scorer}) and offered to a bounded heap. After each round the threshold
 * {@code tau = sum_i c_i * ub_i(frontier_i)} bounds the score of every entity not met yet (an
 * exhausted source contributes 0: an entity absent from an index has no state for that term). The
 * walk stops when the heap holds K entities and tau is strictly below the K-th score, so ties with
 * the K-th are still collected and ordered by id. With one source this is the plain ordered walk:
 * top-K by one decay score reads about K entries, O(K log N).
 *
 * <p>Cost: sorted accesses (reported as touched) times one random access each; with a filter of
 * selectivity s, about K/s entries. Instance-optimal among algorithms that use sorted and random
 * access (Fagin et al.). Coefficients must be finite and non-negative (monotone aggregation);
 * callers check.
 */
public final class ThresholdTopK {
  private ThresholdTopK() {}

  /** Upper bound of the score (this term, before the coefficient) of an entry and all after it. */
  @FunctionalInterface
  public interface Bound {
    double upperBound(RankIndex.Entry entry);
  }

  /** The full score of an entity by random access; NaN excludes the entity. */
  @FunctionalInterface
  public interface Scorer {
    double score(long id);
  }

  /**
   * One sorted-access source: an index, its coefficient in the sum, its bound function, and which
   * entries have exact bounds: from such an entry on, every entry whose score equals the bound has
   * that same key, so they follow in id order (small count keys; not decay keys, whose scores may
   * underflow to 0 from any key).
   */
  public record Source(
      RankOrder index, double coefficient, Bound bound, Predicate<RankIndex.Entry> exactBound) {}

  /**
   * Runs the walk.
   *
   * @param filter tested once per entity met (with one source, once per entry: an entity that a
   *     concurrent move shows twice is tested twice and admitted once), or null
   */
  public static TopKResult run(
      List<Source> sources, Scorer scorer, int limit, int offset, Predicate<EntityId> filter) {
    int need = limit + offset;
    TopKCollector top = new TopKCollector(need);
    if (need == 0 || sources.isEmpty()) {
      return top.result(offset, 0);
    }
    int n = sources.size();
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    Iterator<RankIndex.Entry>[] its = new Iterator[n];
    RankIndex.Entry[] frontier = new RankIndex.Entry[n];
    for (int i = 0; i < n; i++) {
      its[i] = sources.get(i).index().iterator();
      frontier[i] = its[i].hasNext() ? its[i].next() : null;
    }
    MetIds seen = new MetIds();
    boolean single = n == 1;
    long touched = 0;
    while (true) {
      boolean any = false;
      for (int i = 0; i < n; i++) {
        RankIndex.Entry e = frontier[i];
        if (e == null) {
          continue;
        }
        any = true;
        frontier[i] = its[i].hasNext() ? its[i].next() : null;
        touched++;
        long id = e.id();
        // One index shows an entity once (twice only if a concurrent move carried it past the
        // cursor): test the filter first, so only admitted ids enter the set; several indexes
        // show each entity once per index: de-duplicate first, so the filter runs once per entity.
        boolean admit =
            single
                ? (filter == null || filter.test(EntityId.of(id))) && seen.add(id)
                : seen.add(id) && (filter == null || filter.test(EntityId.of(id)));
        if (admit) {
          top.offer(id, scorer.score(id));
        }
      }
      if (!any) {
        break;
      }
      if (top.full() && done(sources, frontier, top)) {
        break;
      }
    }
    return top.result(offset, touched);
  }

  /**
   * Whether no entity not met yet can enter the top: tau below the K-th score, or, with one source,
   * tau equal to it and the frontier's id after the K-th's (entries of equal key come in id order,
   * so every later entity ties at best and loses on id).
   */
  private static boolean done(List<Source> sources, RankIndex.Entry[] frontier, TopKCollector top) {
    double tau = threshold(sources, frontier);
    double kth = top.worstScore();
    if (tau < kth) {
      return true;
    }
    return tau == kth
        && frontier.length == 1
        && frontier[0] != null
        && sources.get(0).exactBound().test(frontier[0])
        && Long.compareUnsigned(frontier[0].id(), top.worstId()) > 0;
  }

  private static double threshold(List<Source> sources, RankIndex.Entry[] frontier) {
    double tau = 0.0;
    for (int i = 0; i < frontier.length; i++) {
      Source s = sources.get(i);
      if (frontier[i] != null && s.coefficient() != 0.0) {
        tau += s.coefficient() * s.bound().upperBound(frontier[i]);
      }
    }
    return tau;
  }
}
