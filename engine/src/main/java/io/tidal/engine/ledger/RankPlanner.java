package io.tidal.engine.ledger;

import io.tidal.engine.rank.CountKeys;
import io.tidal.engine.rank.DecayKeys;
import io.tidal.engine.rank.RankOrder;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.Ranked;
import io.tidal.engine.rank.ThresholdTopK;
import io.tidal.engine.rank.TopKCollector;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Answers one validated top-K: from the rank indexes ({@link #indexed}) or by scanning every state
 * ({@link #scan}, the baseline and the fallback of count queries in the past).
 *
 * <p>Decay terms: one {@link ThresholdTopK.Source} per term (the (type, half-life) index, the
 * coefficient, and {@link DecayKeys#upperBound} at {@code at}); random access sums the terms' point
 * reads (as of {@code at}). The index order is the score order at every {@code at} at or after each
 * entity's anchor. For an {@code at} before some anchors ("as of a past at"), the entities with an
 * anchor later than {@code at} in any type of the query (the set L, read from each type's anchor
 * index, which holds only entities retaining a negative weight, by anchor rounded up to a minute)
 * whose signals after {@code at} include a negative weight are scored exactly from their retained
 * signals, and the threshold walk runs over the
 * others, which their index keys still order exactly at {@code at}: it skips L's entries (their
 * keys, counting later signals, only make the threshold larger, never wrong). The result merges both.
 * An entity whose later signals all weigh {@code >= 0} stays in the walk: its as-of score is its
 * full score minus non-negative terms, so its index key still bounds it (it is met early, with an
 * inflated key, and scored exactly like any entity met), which keeps the walk short when many
 * entities were active after {@code at}.
 * Cost: the walk as for "now" (longer by the entities whose keys later signals inflated) plus a
 * sign check of the later signals of every entity in L, and one exact read per entity of L with
 * a negative later weight: bounded by the activity since {@code at}, not by the table. At or after
 * the latest signal of every type L is empty and this is the plain walk.
 *
 * <p>Count term (windowed counts and velocities): the (type, window) count index, valid when
 * {@code at >= validFrom}; the walk refreshes stale bounds. For a past {@code at} (before
 * {@code validFrom} = v), a count over {@code (at - W, at]} is at most the key of any window
 * {@code W' >= W + (v - at)}: that key counts every signal in {@code (b - W', b]} for a bound time
 * {@code b <= v} after which the entity has no signal. So the walk runs over the narrowest such
 * window's index with exact past counts by random access: bounded by the entities whose counts in
 * that wider window reach the K-th past count, not by the table ("a top-10 of the last hour, six
 * hours ago" walks the 24-hour index when the type declares one). With no such window, or when a
 * concurrent signal moved v during the walk, it scans.
 */
final class RankPlanner {
  private final List<RankTerm> terms;
  private final List<TypeLedger> tls;
  private final long at;
  private final int limit;
  private final int offset;
  private final Predicate<EntityId> filter;

  /** Per decay term, the order its walk reads instead of the term's index (null: the indexes). */
  private RankOrder[] orders;

  /** With {@link #orders}: whether an entity belongs to the subset they hold. */
  private LongPredicate member;

  RankPlanner(
      List<RankTerm> terms,
      List<TypeLedger> tls,
      long at,
      int limit,
      int offset,
      Predicate<EntityId> filter) {
    this.terms = terms;
    this.tls = tls;
    this.at = at;
    this.limit = limit;
    this.offset = offset;
    this.filter = filter;
  }

  /**
   * Walks {@code orders} (one per decay term: its index restricted to a subset of the entities, in
   * the index's order) instead of the terms' indexes: the answer is then the top-K among that
   * subset (the filter still applies). {@code member} tells whether an entity belongs to it (for
   * the entities a past {@code at} scores outside the walk).
   */
  RankPlanner within(RankOrder[] orders, LongPredicate member) {
    this.orders = orders;
    this.member = member;
    return this;
  }

  TopKResult indexed() {
    if (terms.get(0) instanceof RankTerm.Count c) {
      return countIndexed(c, tls.get(0));
    }
    Set<TypeLedger> distinct = new LinkedHashSet<>(tls);
    Set<Long> candidates = new HashSet<>();
    for (TypeLedger tl : distinct) {
      tl.laterThan(at, candidates);
    }
    Set<Long> later = new HashSet<>(); // those whose index keys do not bound their as-of scores
    for (long id : candidates) {
      for (TypeLedger tl : distinct) {
        if (!tl.laterNonNegative(id, at)) {
          later.add(id);
          break;
        }
      }
    }
    if (later.isEmpty()) {
      return decayWalk(filter, limit, offset);
    }
    Predicate<EntityId> others =
        filter == null
            ? id -> !later.contains(id.bits())
            : id -> !later.contains(id.bits()) && filter.test(id);
    TopKResult walked = decayWalk(others, limit + offset, 0);
    TopKCollector top = new TopKCollector(limit + offset);
    for (Ranked r : walked.entries()) {
      top.offer(r.id().bits(), r.score());
    }
    for (long id : later) {
      if ((member == null || member.test(id)) && (filter == null || filter.test(EntityId.of(id)))) {
        top.offer(id, score(id));
      }
    }
    return top.result(offset, walked.touched() + later.size());
  }

  /** The threshold walk over the decay indexes, exact at {@code at} for the entities it admits. */
  private TopKResult decayWalk(Predicate<EntityId> admit, int lim, int off) {
    List<ThresholdTopK.Source> sources = new ArrayList<>();
    // With several types an entity may lack state in one of them: its term is then 0, which a
    // negative frontier bound does not cover, so bounds are raised to at least 0.
    boolean mayBeAbsent = new HashSet<>(tls).size() > 1;
    for (int i = 0; i < terms.size(); i++) {
      RankTerm.Decay d = (RankTerm.Decay) terms.get(i);
      TypeLedger tl = tls.get(i);
      long h = tl.halfLivesMs[d.halfLifeIndex()];
      ThresholdTopK.Bound bound =
          mayBeAbsent
              ? e -> Math.max(0.0, DecayKeys.upperBound(e.cls(), e.key(), at, h))
              : e -> DecayKeys.upperBound(e.cls(), e.key(), at, h);
      RankOrder order = orders != null ? orders[i] : tl.decayIndexes[d.halfLifeIndex()];
      sources.add(new ThresholdTopK.Source(order, d.coefficient(), bound, e -> false));
    }
    return ThresholdTopK.run(sources, this::score, lim, off, admit);
  }

  private TopKResult countIndexed(RankTerm.Count c, TypeLedger tl) {
    long v = tl.validFrom();
    if (at >= v) {
      TopKResult r = countWalk(c, tl, c.windowIndex(), v);
      if (tl.validFrom() <= at) {
        return r;
      }
      v = tl.validFrom();
    }
    // Before v: every key of window `wider` counts an entity's signals in (b - W', b] with b <= v
    // and no signal after b, a superset of the signals in (at - W, at] since at - W >= v - W'.
    int wider = widerWindow(tl, c.windowIndex(), v);
    if (wider >= 0) {
      TopKResult r = countWalk(c, tl, wider, v);
      if (tl.validFrom() == v) {
        return r; // no bound time moved past v during the walk
      }
    }
    return scan();
  }

  /**
   * The threshold walk over the count index of window {@code indexWindow}, whose keys bound the
   * counts asked ({@code c}'s window at {@code at}); exact counts by random access, refreshing stale
   * bounds to {@code v} on the way. Keys of at most {@link CountKeys#EXACT_UP_TO} are exact counts
   * of a superset of the signals counted, so an unmet entity scoring as much as such a frontier key
   * has that key, and the tie rule of the walk holds.
   */
  private TopKResult countWalk(RankTerm.Count c, TypeLedger tl, int indexWindow, long v) {
    int j = c.windowIndex();
    double div = divisor(c);
    ThresholdTopK.Source src =
        new ThresholdTopK.Source(
            tl.countIndexes[indexWindow], 1.0, e -> e.key() / div, e -> CountKeys.exact(e.key()));
    return ThresholdTopK.run(
        List.of(src),
        id -> {
          long n = tl.refreshBound(id, j, at, v);
          return n < 0 ? Double.NaN : n / div;
        },
        limit,
        offset,
        filter);
  }

  /**
   * The narrowest declared window {@code W' >= W + (v - at)} of the type ({@code W} the queried
   * window, {@code v} its {@code validFrom}), whose count keys bound every entity's count in
   * {@code (at - W, at]}; -1 when the query reaches further back than any window covers.
   */
  private int widerWindow(TypeLedger tl, int j, long v) {
    long need;
    try {
      need = Math.addExact(tl.windowsMs[j], Math.subtractExact(v, at));
    } catch (ArithmeticException overflow) {
      return -1;
    }
    int best = -1;
    for (int w = 0; w < tl.windowsMs.length; w++) {
      if (tl.windowsMs[w] >= need && (best < 0 || tl.windowsMs[w] < tl.windowsMs[best])) {
        best = w;
      }
    }
    return best;
  }

  /**
   * Scores the entities {@code ids} only, by point reads; the filter is tested in score order
   * (best first, ties by id) until {@code limit + offset} passed, so a filter that reads rows reads
   * few of them. Same answer as testing it on every id first.
   */
  TopKResult among(long[] ids) {
    if (filter == null) {
      TopKCollector top = new TopKCollector(limit + offset);
      for (long id : ids) {
        top.offer(id, score(id));
      }
      return top.result(offset, ids.length);
    }
    double[] scores = new double[ids.length];
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      scores[i] = score(ids[i]);
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          int c = Double.compare(scores[b], scores[a]);
          return c != 0 ? c : Long.compareUnsigned(ids[a], ids[b]);
        });
    TopKCollector top = new TopKCollector(limit + offset);
    int passed = 0;
    for (int i = 0; i < order.length && passed < limit + offset; i++) {
      long id = ids[order[i]];
      if (!Double.isNaN(scores[order[i]]) && filter.test(EntityId.of(id))) {
        top.offer(id, scores[order[i]]);
        passed++;
      }
    }
    return top.result(offset, ids.length);
  }

  /** Scores every entity with state in a type of the query. */
  TopKResult scan() {
    TopKCollector top = new TopKCollector(limit + offset);
    Set<TypeLedger> distinct = new LinkedHashSet<>(tls);
    Set<Long> seen = distinct.size() > 1 ? new HashSet<>() : null;
    long touched = 0;
    for (TypeLedger tl : distinct) {
      for (StateTable.Stripe st : tl.table.stripes()) {
        long[] ids = idsOf(st);
        for (long id : ids) {
          touched++;
          if (seen != null && !seen.add(id)) {
            continue;
          }
          if (filter == null || filter.test(EntityId.of(id))) {
            top.offer(id, score(id));
          }
        }
      }
    }
    return top.result(offset, touched);
  }

  private static long[] idsOf(StateTable.Stripe st) {
    synchronized (st) {
      long[] ids = new long[st.size()];
      int n = 0;
      for (int i = 0; i < st.capacity(); i++) {
        if (st.stateAt(i) != null) {
          ids[n++] = st.idAt(i);
        }
      }
      return ids;
    }
  }

  /** The full score by point reads (random access). */
  private double score(long id) {
    if (terms.get(0) instanceof RankTerm.Count c) {
      return tls.get(0).windowedCount(id, c.windowIndex(), at) / divisor(c);
    }
    double sum = 0.0; // also turns a -0.0 (an underflowed negative score) into 0.0
    for (int i = 0; i < terms.size(); i++) {
      RankTerm.Decay d = (RankTerm.Decay) terms.get(i);
      if (d.coefficient() != 0.0) {
        sum += d.coefficient() * tls.get(i).decayScore(id, d.halfLifeIndex(), at);
      }
    }
    return sum;
  }

  private static double divisor(RankTerm.Count c) {
    return c.velocity() ? LedgerChecks.seconds(c.type(), c.windowIndex()) : 1.0;
  }
}
