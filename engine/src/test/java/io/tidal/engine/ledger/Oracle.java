package io.tidal.engine.ledger;

import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.Ranked;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Brute force over the raw events: the reference every ledger answer is checked against. */
final class Oracle {
  record Event(double w, long t) {}

  private final Map<String, Map<Long, List<Event>>> events = new HashMap<>();
  private final Map<String, Long> latest = new HashMap<>();

  synchronized void record(SignalType type, long id, double w, long t) {
    latest.merge(type.name(), t, Math::max);
    events
        .computeIfAbsent(type.name(), n -> new HashMap<>())
        .computeIfAbsent(id, i -> new ArrayList<>())
        .add(new Event(w, t));
  }

  /** Deletes every signal of (type, id) (the type's latest timestamp is kept). */
  synchronized void remove(SignalType type, long id) {
    events.getOrDefault(type.name(), new HashMap<>()).remove(id);
  }

  /** Whether (type, id) has a signal with exactly weight {@code w} (bits) and timestamp {@code t}. */
  synchronized boolean contains(SignalType type, long id, double w, long t) {
    return events(type, id).stream()
        .anyMatch(
            e -> e.t() == t && Double.doubleToRawLongBits(e.w()) == Double.doubleToRawLongBits(w));
  }

  /** Erases one signal of (type, id) with weight bits {@code w} and timestamp {@code t}. */
  synchronized void erase(SignalType type, long id, double w, long t) {
    List<Event> es = events(type, id);
    for (int i = 0; i < es.size(); i++) {
      if (es.get(i).t() == t
          && Double.doubleToRawLongBits(es.get(i).w()) == Double.doubleToRawLongBits(w)) {
        es.remove(i);
        return;
      }
    }
  }

  List<Event> events(SignalType type, long id) {
    return events.getOrDefault(type.name(), Map.of()).getOrDefault(id, List.of());
  }

  Set<Long> entities(SignalType type) {
    return events.getOrDefault(type.name(), Map.of()).keySet();
  }

  /** The type's horizon: latest signal minus retention ({@code Long.MIN_VALUE}: no signal). */
  long horizon(SignalType type) {
    Long l = latest.get(type.name());
    return l == null ? Long.MIN_VALUE : l - type.retentionMs();
  }

  /** Whether a decay read at {@code at} is within the horizon (exact, not an error). */
  boolean decayExact(SignalType type, long at) {
    return at >= horizon(type);
  }

  /** Whether a count read for window {@code j} at {@code at} is within the horizon. */
  boolean countExact(SignalType type, int j, long at) {
    long h = horizon(type);
    return h == Long.MIN_VALUE || at - type.windowMs(j) >= h;
  }

  /** sum over the signals with t_i <= at of w_i 2^(-(at - t_i)/h). */
  double decay(SignalType type, int j, long id, long at) {
    double h = type.halfLifeMs(j);
    double sum = 0;
    for (Event e : events(type, id)) {
      if (e.t() <= at) {
        sum += e.w() * Math.pow(2.0, -(at - e.t()) / h);
      }
    }
    return sum;
  }

  /** sum |w_i| 2^(-(at - t_i)/h): the scale of the absolute error bound. */
  double decayMagnitude(SignalType type, int j, long id, long at) {
    double h = type.halfLifeMs(j);
    double sum = 0;
    for (Event e : events(type, id)) {
      if (e.t() <= at) {
        sum += Math.abs(e.w()) * Math.pow(2.0, -(at - e.t()) / h);
      }
    }
    return sum;
  }

  long count(SignalType type, int j, long id, long at) {
    long w = type.windowMs(j);
    long n = 0;
    for (Event e : events(type, id)) {
      if (e.t() > at - w && e.t() <= at) {
        n++;
      }
    }
    return n;
  }

  /** The brute-force ranking: every entity with events of a query type, score desc, id asc. */
  List<Ranked> rank(
      List<RankTerm> terms, long at, int limit, int offset, Predicate<EntityId> filter) {
    Set<Long> ids = new LinkedHashSet<>();
    for (RankTerm t : terms) {
      ids.addAll(entities(t.type()));
    }
    List<Ranked> all = new ArrayList<>();
    for (long id : ids) {
      if (filter != null && !filter.test(EntityId.of(id))) {
        continue;
      }
      all.add(new Ranked(EntityId.of(id), score(terms, id, at)));
    }
    all.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::id));
    return all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
  }

  /** Tolerance of a ranking score: 1e-9 of the magnitude sum, for decay terms. */
  double tolerance(List<RankTerm> terms, long id, long at) {
    double tol = 0;
    for (RankTerm t : terms) {
      if (t instanceof RankTerm.Decay d) {
        tol += 1e-9 * d.coefficient() * decayMagnitude(d.type(), d.halfLifeIndex(), id, at);
      }
    }
    return tol;
  }

  double score(List<RankTerm> terms, long id, long at) {
    double s = 0;
    for (RankTerm t : terms) {
      if (t instanceof RankTerm.Decay d) {
        s += d.coefficient() * decay(d.type(), d.halfLifeIndex(), id, at);
      } else if (t instanceof RankTerm.Count c) {
        long n = count(c.type(), c.windowIndex(), id, at);
        s += c.velocity() ? n / (c.type().windowMs(c.windowIndex()) / 1000.0) : n;
      }
    }
    return s;
  }
}
