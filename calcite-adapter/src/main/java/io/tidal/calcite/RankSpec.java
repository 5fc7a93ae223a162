package io.tidal.calcite;

import io.tidal.RankQuery;
import io.tidal.schema.Durations;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.DataContext;

/**
 * What a {@link TopKScan} asks the engine for, in run-time form (no planner objects): the entity
 * table, the score as engine {@link RankQuery.Term}s, and where {@code at}, the fetch and the offset
 * come from (a constant, a dynamic parameter resolved at execution time, or the statement time).
 * Public only because generated code casts the stashed instance to it.
 *
 * @param table engine table name
 * @param terms the score: non-negative decay terms, or one count/velocity term
 * @param at the time the score is read at: one {@link Arg} per distinct {@code at} argument of
 *     the score's calls (several only when they are parameters, which must then be equal)
 * @param fetch the LIMIT / FETCH FIRST value
 * @param offset the OFFSET value (constant 0 when absent)
 * @param filter a readable form of the pushed predicate, or null
 * @param sets the personal-feed sets applied (seen entities excluded, followed ones included; see
 *     {@link FeedRule}), empty for none
 */
public record RankSpec(
    String table,
    List<RankQuery.Term> terms,
    List<Arg> at,
    Arg fetch,
    Arg offset,
    String filter,
    List<FeedSet> sets) {

  public RankSpec {
    terms = List.copyOf(terms);
    at = List.copyOf(at);
    sets = List.copyOf(sets);
  }

  /** A request without feed sets. */
  public RankSpec(
      String table,
      List<RankQuery.Term> terms,
      List<Arg> at,
      Arg fetch,
      Arg offset,
      String filter) {
    this(table, terms, at, fetch, offset, filter, List.of());
  }

  /** A copy applying {@code feedSets}. */
  RankSpec withSets(List<FeedSet> feedSets) {
    return new RankSpec(table, terms, at, fetch, offset, filter, feedSets);
  }

  /** EXPLAIN text of the sets of one direction (exclude: seen; include: follow), or null for none. */
  String setsText(boolean exclude) {
    List<String> out = new ArrayList<>();
    for (FeedSet f : sets) {
      if ((f instanceof FeedSet.Seen) == exclude) {
        out.add(f.text());
      }
    }
    return out.isEmpty() ? null : "[" + String.join(", ", out) + "]";
  }

  /**
   * A value known at plan time ({@code constant}), or dynamic parameter {@code ?param}, or (for
   * {@code at} only) neither: the statement's start time.
   */
  public record Arg(Long constant, int param) {
    static final Arg STATEMENT_TIME = new Arg(null, -1);

    static Arg of(long value) {
      return new Arg(value, -1);
    }

    static Arg param(int index) {
      return new Arg(null, index);
    }

    boolean isConstant() {
      return constant != null;
    }

    /** The value for one execution; a null or non-numeric parameter gives null. */
    Long resolve(DataContext root) {
      if (constant != null) {
        return constant;
      }
      if (param < 0) {
        return null;
      }
      return toLong(root.get("?" + param));
    }

    @Override
    public String toString() {
      return constant != null ? constant.toString() : param >= 0 ? "?" + param : "statement time";
    }
  }

  /**
   * The time in UTC epoch ms for one execution (a constant, a parameter, or the statement time), or
   * null when the score's calls were given different times.
   */
  Long atMillis(DataContext root) {
    Long first = null;
    for (Arg a : at) {
      Long v = a.resolve(root);
      long ms = v != null ? v : ScoreRuntime.at(root, null);
      if (first != null && first != ms) {
        return null;
      }
      first = ms;
    }
    return first;
  }

  /** {@code at} as EXPLAIN shows it. */
  String atText() {
    return String.join(", ", at.stream().map(Arg::toString).toList());
  }

  /** Parameter values arrive in several forms; ms for times, the number for counts. */
  static Long toLong(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      return d.signum() < 0 || d.stripTrailingZeros().scale() <= 0 ? d.longValue() : null;
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    return null;
  }

  /** The score as SQL-like text: {@code 0.5*DECAY_SCORE(view, 1h) + 2*DECAY_SCORE(like, 1d)}. */
  String scoreText() {
    StringBuilder b = new StringBuilder();
    for (RankQuery.Term t : terms) {
      if (b.length() > 0) {
        b.append(" + ");
      }
      if (t instanceof RankQuery.Decay d) {
        if (d.coefficient() != 1.0) {
          b.append(number(d.coefficient())).append('*');
        }
        b.append("DECAY_SCORE(")
            .append(d.type())
            .append(", ")
            .append(Durations.format(d.halfLife()))
            .append(')');
      } else {
        RankQuery.Count c = (RankQuery.Count) t;
        b.append(c.velocity() ? "VELOCITY(" : "WINDOWED_COUNT(")
            .append(c.type())
            .append(", ")
            .append(Durations.format(c.window()))
            .append(')');
      }
    }
    return b.toString();
  }

  /** Distinct signal types, in term order. */
  List<String> types() {
    Set<String> s = new LinkedHashSet<>();
    terms.forEach(t -> s.add(t.type()));
    return new ArrayList<>(s);
  }

  /** Half-lives (decay) or windows (count), in term order. */
  List<String> durations() {
    List<String> out = new ArrayList<>();
    for (RankQuery.Term t : terms) {
      Duration d = t instanceof RankQuery.Decay dt ? dt.halfLife() : ((RankQuery.Count) t).window();
      out.add(Durations.format(d));
    }
    return out;
  }

  boolean isCount() {
    return terms.get(0) instanceof RankQuery.Count;
  }

  /** Which index walk answers it. */
  String indexKind() {
    if (isCount()) {
      return ((RankQuery.Count) terms.get(0)).velocity() ? "velocity" : "count";
    }
    return terms.size() == 1 ? "decay" : "threshold(" + terms.size() + " lists)";
  }

  /**
   * How a past {@code at} is answered, as shown by EXPLAIN (chosen at run time, docs/RANKING.md):
   * decay {@code index+later}: the index walk, plus the entities whose latest signal is later than
   * {@code at} scored exactly from their retained signals (none at or after the latest signal);
   * count {@code index|wider|scan}: the count index at or after the type's latest signal; before
   * it the index of the narrowest declared window that still bounds the past counts, else a scan.
   */
  String asOfKind() {
    return isCount() ? "index|wider|scan" : "index+later";
  }

  /** {@code k} as shown by EXPLAIN: offset + fetch. */
  String kText() {
    if (offset.isConstant() && offset.constant() == 0) {
      return fetch.toString();
    }
    if (fetch.isConstant() && offset.isConstant()) {
      return Long.toString(fetch.constant() + offset.constant());
    }
    return fetch + " + " + offset;
  }

  private static String number(double c) {
    return c == Math.rint(c) && Math.abs(c) < 1e15 ? Long.toString((long) c) : Double.toString(c);
  }
}
