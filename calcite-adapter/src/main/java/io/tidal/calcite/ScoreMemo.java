package io.tidal.calcite;

import io.tidal.RankQuery;
import io.tidal.RankResult;
import java.lang.ref.WeakReference;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * The scores a {@link TopKScan}'s walk returned, kept for the statement execution that asked for
 * them, so that the Calc above the scan (which computes the query's score column by calling
 * {@link ScoreRuntime} once per returned row) reads them instead of asking the engine again (issue
 * 18: the point reads were a fifth of a prepared top-10's time).
 *
 * <p>Design notes. A memo is one per thread and names the execution ({@link DataContext}, held
 * weakly) and the one score it holds: the kind, signal type, half-life or window and {@code at} of
 * a single-term rank ({@code DECAY_SCORE} with coefficient 1, {@code WINDOWED_COUNT} or {@code
 * VELOCITY}). A call matching all of them and an entity key of the walk's answer gets the walk's
 * score, which is the same double the point read computes: the planner scores each entity it
 * returns by the same random-access read ({@code TypeLedger.decayScore}; {@code 0.0 + 1.0 * x}
 * is {@code x} for the positive scores kept here), a count is an exact integer, and a velocity is
 * that count over the same window in seconds. Anything else (another statement on the thread, other
 * arguments, a key not in the answer, a blend of several terms) misses and reads the engine as
 * before, so a miss is always correct. A statement reading the scores after the walk sees the
 * walk's snapshot even if a signal arrived in between: rows and scores then come from one moment.
 * The Calc visits the rows in the walk's order, so a lookup is usually one comparison.
 */
final class ScoreMemo {
  private static final ThreadLocal<ScoreMemo> CURRENT = new ThreadLocal<>();

  /** Which score function a memo answers. */
  enum Kind {
    DECAY,
    COUNT,
    VELOCITY
  }

  private final WeakReference<DataContext> root;
  private final Kind kind;
  private final String type;
  private final long durationMs;
  private final long at;
  private final Object[] keys;
  private final double[] scores;
  private int next;

  private ScoreMemo(
      DataContext root,
      Kind kind,
      String type,
      long durationMs,
      long at,
      Object[] keys,
      double[] scores) {
    this.root = new WeakReference<>(root);
    this.kind = kind;
    this.type = type;
    this.durationMs = durationMs;
    this.at = at;
    this.keys = keys;
    this.scores = scores;
  }

  /**
   * Remembers {@code result}'s scores for {@code root}'s execution when {@code terms} is a single
   * term whose score a point read reproduces exactly; otherwise forgets the thread's memo.
   */
  static void remember(DataContext root, List<RankQuery.Term> terms, long at, RankResult result) {
    Kind kind = null;
    String type = null;
    long ms = 0;
    if (terms.size() == 1 && terms.get(0) instanceof RankQuery.Decay d && d.coefficient() == 1.0) {
      kind = Kind.DECAY;
      type = d.type();
      ms = d.halfLife().toMillis();
    } else if (terms.size() == 1 && terms.get(0) instanceof RankQuery.Count c) {
      kind = c.velocity() ? Kind.VELOCITY : Kind.COUNT;
      type = c.type();
      ms = c.window().toMillis();
    }
    if (kind == null) {
      CURRENT.remove();
      return;
    }
    List<RankResult.Entry> es = result.entries();
    Object[] keys = new Object[es.size()];
    double[] scores = new double[es.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = es.get(i).key();
      scores[i] = es.get(i).score();
    }
    CURRENT.set(new ScoreMemo(root, kind, type, ms, at, keys, scores));
  }

  /**
   * The remembered score of {@code id} for this call, or NaN when the memo does not hold it (the
   * caller then reads the engine).
   */
  static double lookup(
      DataContext root, Kind kind, Object id, Object type, Object durationMs, long at) {
    ScoreMemo m = CURRENT.get();
    if (m == null
        || m.kind != kind
        || m.at != at
        || m.root.get() != root
        || !(durationMs instanceof Number n)
        || n.longValue() != m.durationMs
        || type == null
        || !m.type.equals(type.toString())) {
      return Double.NaN;
    }
    int i = m.next;
    if (i >= m.keys.length || !same(m.keys[i], id)) {
      i = 0;
      while (i < m.keys.length && !same(m.keys[i], id)) {
        i++;
      }
      if (i == m.keys.length) {
        return Double.NaN;
      }
    }
    m.next = i + 1;
    return m.scores[i];
  }

  /** Whether {@code id} (the query's argument) names the entity of engine key {@code key}. */
  private static boolean same(Object key, Object id) {
    return key.equals(id)
        || key instanceof Long && id instanceof String s && s.equals(key.toString());
  }
}
