package io.tidal;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Brute-force stand-in for {@code io.tidal.ledger.Ledger} until that package lands: raw events per
 * (type, entity), every read recomputed. Synchronized; not for production sizes.
 */
final class LedgerStandIn {
  /** One term: a decay score (index = half-life index) or a windowed count (index = window index). */
  record Term(String type, boolean count, int index, double coefficient) {}

  record Scored(EntityId id, double score) {}

  private final Map<String, SignalType> types = new HashMap<>();
  private final Map<String, Map<EntityId, List<double[]>>> events = new HashMap<>();

  synchronized void addType(SignalType t) {
    types.put(t.name(), t);
    events.put(t.name(), new HashMap<>());
  }

  synchronized void dropType(String name) {
    types.remove(name);
    events.remove(name);
  }

  synchronized void record(SignalType type, EntityId id, double weight, long ts) {
    events.get(type.name()).computeIfAbsent(id, k -> new ArrayList<>()).add(new double[] {ts, weight});
  }

  synchronized double decayScore(String type, EntityId id, int hl, long at) {
    List<double[]> es = events.get(type).get(id);
    if (es == null) {
      return 0;
    }
    double h = types.get(type).halfLifeMs(hl);
    double s = 0;
    for (double[] e : es) {
      s += e[1] * Math.pow(2, -(at - (long) e[0]) / h);
    }
    return s;
  }

  synchronized long windowedCount(String type, EntityId id, int w, long at) {
    List<double[]> es = events.get(type).get(id);
    if (es == null) {
      return 0;
    }
    long win = types.get(type).windowMs(w);
    long n = 0;
    for (double[] e : es) {
      long ts = (long) e[0];
      if (ts > at - win && ts <= at) {
        n++;
      }
    }
    return n;
  }

  /** Emits (type, id, state bytes): the raw events as pairs of longs. */
  synchronized void forEachState(StateSink sink) {
    events.forEach((type, m) -> m.forEach((id, es) -> {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 * es.size());
      es.forEach(e -> b.putLong((long) e[0]).putDouble(e[1]));
      sink.accept(types.get(type), id, b.array());
    }));
  }

  interface StateSink {
    void accept(SignalType type, EntityId id, byte[] state);
  }

  synchronized void load(SignalType type, EntityId id, byte[] state) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(state);
    List<double[]> es = new ArrayList<>();
    while (b.hasRemaining()) {
      es.add(new double[] {b.getLong(), b.getDouble()});
    }
    events.get(type.name()).put(id, es);
  }

  synchronized long trackedStates() {
    long n = 0;
    for (Map<EntityId, List<double[]>> m : events.values()) {
      n += m.size();
    }
    return n;
  }

  /** Best {@code limit} entities passing {@code filter}, score descending, ties by id; touched in {@code touched[0]}. */
  synchronized List<Scored> topK(List<Term> terms, long at, int limit, Predicate<EntityId> filter, long[] touched) {
    Set<EntityId> candidates = new HashSet<>();
    for (Term t : terms) {
      candidates.addAll(events.get(t.type()).keySet());
    }
    List<Scored> all = new ArrayList<>();
    for (EntityId id : candidates) {
      touched[0]++;
      if (filter != null && !filter.test(id)) {
        continue;
      }
      double s = 0;
      for (Term t : terms) {
        s += t.count() ? t.coefficient() * windowedCount(t.type(), id, t.index(), at)
            : t.coefficient() * decayScore(t.type(), id, t.index(), at);
      }
      all.add(new Scored(id, s));
    }
    all.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : a.id().compareTo(b.id()));
    return new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
  }
}
