package io.tidal.testing;

import io.tidal.Config;
import io.tidal.EngineStats;
import io.tidal.ErrorCode;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.Transaction;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Names;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A brute-force {@link TidalDB}: the oracle for engine, SQL and JDBC tests. Rows in {@link TreeMap}s,
 * signals as a plain list of raw events, every read recomputed from them with the DESIGN.md formulas
 * (decay {@code sum w * 2^(-(at - t)/h)} over {@code t <= at} with {@link Math#pow}; windows
 * {@code at - W < t <= at}, exact; DESIGN.md section 2 as of 2026-12-07). Reads before a type's
 * horizon (its latest signal minus its retention; for counts {@code at - W} before it) throw
 * {@code BEFORE_HORIZON} naming the earliest exact time, as the engine does.
 * No cleverness, no persistence, synchronized. A dedup key counts while its signal is later than the
 * type's horizon; the horizon follows the latest signal ever recorded (a deletion or erasure never
 * moves it back). Nothing is ever pruned from
 * {@link #scanSignals}.
 */
public final class ReferenceDB implements TidalDB {
  /** Key order of the contract: BIGINT numerically, VARCHAR by Unicode code point. */
  public static final Comparator<Object> KEY_ORDER =
      (a, b) ->
          a instanceof Long x
              ? Long.compare(x, (Long) b)
              : compareCodePoints((String) a, (String) b);

  private record Event(
      String type, Object key, double weight, long ts, String dedupKey, String actor) {}

  private final Config config;
  private Schema schema = Schema.empty();
  private final Map<String, TreeMap<Object, Object[]>> rows = new HashMap<>();
  private final Map<String, Long> nextRowId = new HashMap<>();
  private final List<Event> events = new ArrayList<>();

  /** Each type's latest signal ever: deletions and erasures never move a horizon back. */
  private final Map<String, Long> latest = new HashMap<>();

  private long duplicates;
  private long lastTouched;

  public ReferenceDB() {
    this(Config.builder().inMemory().build());
  }

  public ReferenceDB(Config config) {
    this.config = config;
  }

  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public synchronized Schema schema() {
    return schema;
  }

  @Override
  public synchronized void createTable(EntityTable table) {
    schema = schema.withTable(table);
    rows.put(table.name(), new TreeMap<>(KEY_ORDER));
    nextRowId.put(table.name(), 1L);
  }

  @Override
  public synchronized void dropTable(String name) {
    schema = schema.withoutTable(name);
    rows.remove(Names.lookup(name));
  }

  @Override
  public synchronized void createSignalType(SignalType type, boolean orReplace) {
    schema = schema.withSignalType(type, orReplace);
    events.removeIf(e -> e.type.equals(type.name()));
    latest.remove(type.name());
  }

  @Override
  public synchronized void dropSignalType(String name) {
    schema = schema.withoutSignalType(name);
    events.removeIf(e -> e.type.equals(Names.lookup(name)));
    latest.remove(Names.lookup(name));
  }

  // ---- rows ----

  @Override
  public synchronized Object insertRow(String table, Object[] row) {
    Tx tx = new Tx();
    Object key = tx.insertRow(table, row);
    tx.commit();
    return key;
  }

  @Override
  public synchronized boolean updateRow(String table, Object key, Object[] row) {
    Tx tx = new Tx();
    boolean done = tx.updateRow(table, key, row);
    tx.commit();
    return done;
  }

  @Override
  public synchronized boolean deleteRow(String table, Object key) {
    Tx tx = new Tx();
    boolean done = tx.deleteRow(table, key);
    tx.commit();
    return done;
  }

  @Override
  public synchronized Optional<Object[]> row(String table, Object key) {
    return new Tx().row(table, key);
  }

  @Override
  public synchronized Iterator<Object[]> scanRows(String table) {
    return new Tx().scanRows(table);
  }

  @Override
  public synchronized Iterator<Map.Entry<Object, Object[]>> scanKeyedRows(String table) {
    return new Tx().scanKeyedRows(table);
  }

  // ---- signals ----

  @Override
  public synchronized boolean signal(Signal signal) {
    return signalBatch(List.of(signal))[0];
  }

  @Override
  public synchronized boolean[] signalBatch(List<Signal> signals) {
    List<Event> checked = new ArrayList<>();
    for (Signal s : signals) {
      checked.add(check(s));
    }
    // dedup compares with the horizons as they were before the batch (the engine checks a whole
    // batch's keys before it records any of its signals)
    Map<String, Long> horizons = new HashMap<>();
    for (Event e : checked) {
      horizons.computeIfAbsent(e.type, t -> horizon(schema.requireSignalType(t)));
    }
    boolean[] fresh = new boolean[checked.size()];
    for (int i = 0; i < fresh.length; i++) {
      fresh[i] = record(checked.get(i), horizons.get(checked.get(i).type));
    }
    return fresh;
  }

  private Event check(Signal s) {
    SignalType t = schema.requireSignalType(s.type());
    if (!Double.isFinite(s.weight())) {
      throw new ModelError(ErrorCode.INVALID_WEIGHT, "weight " + s.weight());
    }
    if (s.timestamp() < MIN_TIMESTAMP || s.timestamp() > MAX_TIMESTAMP) {
      throw new ModelError(ErrorCode.INVALID_TIMESTAMP, "timestamp " + s.timestamp());
    }
    return new Event(
        t.name(),
        entityKey(t, s.entityKey()),
        s.weight(),
        s.timestamp(),
        s.dedupKey(),
        s.actorId());
  }

  private Object entityKey(SignalType t, Object key) {
    ColumnType kt = schema.requireTable(t.table()).keyType();
    if (kt == ColumnType.VARCHAR && key instanceof String) {
      return key;
    }
    if (kt == ColumnType.BIGINT
        && (key instanceof Long
            || key instanceof Integer
            || key instanceof Short
            || key instanceof Byte)) {
      return ((Number) key).longValue();
    }
    throw new ModelError(ErrorCode.INVALID_VALUE, "entity key " + TidalException.quote(key));
  }

  private boolean record(Event e, long h) {
    if (e.dedupKey != null
        && events.stream()
            .anyMatch(
                o ->
                    e.dedupKey.equals(o.dedupKey)
                        && o.type.equals(e.type)
                        && o.key.equals(e.key)
                        && o.ts > h)) { // dedup by key within the horizon: weight and time do not
      // matter
      duplicates++;
      return false;
    }
    events.add(e);
    latest.merge(e.type, e.ts, Math::max);
    return true;
  }

  // ---- reads ----

  @Override
  public synchronized double decayScore(String type, Object entityKey, Duration halfLife, long at) {
    SignalType t = schema.requireSignalType(type);
    long h = t.halfLifeMs(t.requireHalfLife(halfLife));
    checkAt(at);
    checkHorizon(t, 0, at);
    return decay(t.name(), entityKey(t, entityKey), h, at);
  }

  /** The type's horizon: latest signal minus retention ({@code Long.MIN_VALUE} without signals). */
  public synchronized long horizon(SignalType t) {
    Long l = latest.get(t.name());
    return l == null ? Long.MIN_VALUE : l - t.retentionMs();
  }

  /** {@code BEFORE_HORIZON} unless a read with window {@code w} (0: decay) at {@code at} is exact. */
  private void checkHorizon(SignalType t, long w, long at) {
    long h = horizon(t);
    if (h != Long.MIN_VALUE && at - w < h) {
      throw new ModelError(
          ErrorCode.BEFORE_HORIZON,
          "signal type '" + t.name() + "' at " + at + ": the earliest exact at is " + (h + w));
    }
  }

  private double decay(String type, Object key, long h, long at) {
    double sum = 0;
    for (Event e : events) {
      if (e.type.equals(type) && e.key.equals(key) && e.ts <= at) {
        sum += e.weight * Math.pow(2.0, -(double) (at - e.ts) / h);
      }
    }
    return sum;
  }

  @Override
  public synchronized long windowedCount(String type, Object entityKey, Duration window, long at) {
    SignalType t = schema.requireSignalType(type);
    long w = t.windowMs(t.requireWindow(window));
    checkAt(at);
    checkHorizon(t, w, at);
    return count(t.name(), entityKey(t, entityKey), w, at);
  }

  private static void checkAt(long at) {
    if (at < MIN_TIMESTAMP || at > MAX_TIMESTAMP) {
      throw new ModelError(ErrorCode.INVALID_TIMESTAMP, "time " + at);
    }
  }

  private long count(String type, Object key, long w, long at) {
    long n = 0;
    for (Event e : events) {
      if (e.type.equals(type) && e.key.equals(key) && e.ts > at - w && e.ts <= at) {
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized double velocity(String type, Object entityKey, Duration window, long at) {
    return windowedCount(type, entityKey, window, at) / (window.toMillis() / 1000.0);
  }

  @Override
  public synchronized RankResult topK(RankQuery q) {
    if (q.k() < 0
        || q.offset() < 0
        || (long) q.k() + q.offset() > RankQuery.MAX_K
        || q.terms().isEmpty()) {
      throw new ModelError(ErrorCode.INVALID_ARGUMENT, "k " + q.k() + ", offset " + q.offset());
    }
    checkAt(q.at());
    Set<Object> candidates = new LinkedHashSet<>();
    for (RankQuery.Term term : q.terms()) {
      SignalType t = schema.requireSignalType(term.type());
      if (term instanceof RankQuery.Decay d) {
        t.requireHalfLife(d.halfLife());
        checkHorizon(t, 0, q.at());
      } else {
        checkHorizon(t, t.windowMs(t.requireWindow(((RankQuery.Count) term).window())), q.at());
      }
      for (Event e : events) {
        if (e.type.equals(t.name())) {
          candidates.add(e.key);
        }
      }
    }
    List<RankResult.Entry> all = new ArrayList<>();
    for (Object key : candidates) {
      if (q.filter() == null || q.filter().test(key)) {
        all.add(new RankResult.Entry(key, score(q, key)));
      }
    }
    all.sort(
        (a, b) ->
            a.score() != b.score()
                ? Double.compare(b.score(), a.score())
                : KEY_ORDER.compare(a.key(), b.key()));
    lastTouched = candidates.size();
    int from = Math.min(q.offset(), all.size());
    return new RankResult(
        all.subList(from, Math.min(all.size(), q.offset() + q.k())), candidates.size());
  }

  private double score(RankQuery q, Object key) {
    double s = 0;
    for (RankQuery.Term term : q.terms()) {
      SignalType t = schema.requireSignalType(term.type());
      if (term instanceof RankQuery.Decay d) {
        s +=
            d.coefficient()
                * decay(t.name(), key, t.halfLifeMs(t.requireHalfLife(d.halfLife())), q.at());
      } else {
        RankQuery.Count c = (RankQuery.Count) term;
        long n = count(t.name(), key, c.window().toMillis(), q.at());
        s += c.velocity() ? n / (c.window().toMillis() / 1000.0) : n;
      }
    }
    return s;
  }

  @Override
  public synchronized Iterator<Signal> scanSignals(String type, Object entityKey) {
    return scanSignals(type, entityKey, null);
  }

  @Override
  public synchronized long eraseSignals(String type, Object entityKey, String actorId) {
    if (type == null && entityKey == null && actorId == null) {
      throw new ModelError(
          ErrorCode.INVALID_VALUE, "an erasure names a type, an entity or an actor");
    }
    String only = type == null ? null : schema.requireSignalType(type).name();
    int before = events.size();
    events.removeIf(
        e ->
            (only == null || e.type.equals(only))
                && (entityKey == null
                    || e.key.equals(entityKey)
                    || e.key.toString().equals(entityKey.toString()))
                && (actorId == null || actorId.equals(e.actor)));
    return before - events.size();
  }

  @Override
  public synchronized Iterator<Signal> scanSignals(String type, Object entityKey, String actorId) {
    String only = type == null ? null : schema.requireSignalType(type).name();
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if ((only == null || e.type.equals(only))
          && (actorId == null || actorId.equals(e.actor))
          && (entityKey == null
              || e.key.equals(entityKey(schema.requireSignalType(e.type), entityKey)))) {
        out.add(e);
      }
    }
    out.sort(
        Comparator.comparing(Event::type)
            .thenComparing(Event::key, KEY_ORDER)
            .thenComparingLong(Event::ts));
    List<Signal> signals = new ArrayList<>();
    out.forEach(e -> signals.add(new Signal(e.type, e.key, e.weight, e.ts, e.dedupKey, e.actor)));
    return signals.iterator();
  }

  @Override
  public synchronized Transaction begin() {
    return new Tx();
  }

  @Override
  public void checkpoint() {}

  @Override
  public synchronized EngineStats stats() {
    Set<List<Object>> states = new HashSet<>();
    events.forEach(e -> states.add(List.of(e.type, e.key)));
    return new EngineStats(events.size(), duplicates, states.size(), 0, 0, lastTouched);
  }

  @Override
  public void close() {}

  // ---- row validation, written from the RowWriter contract ----

  private static Object[] checkRow(EntityTable t, Object[] row) {
    if (row == null || row.length != t.columns().size()) {
      throw new ModelError(ErrorCode.INVALID_VALUE, "arity " + (row == null ? 0 : row.length));
    }
    Object[] out = new Object[row.length];
    for (int i = 0; i < row.length; i++) {
      Column c = t.columns().get(i);
      if (row[i] == null && !c.nullable()) {
        throw new ModelError(ErrorCode.NOT_NULL_VIOLATION, c.name());
      }
      out[i] = row[i] == null ? null : value(c.type(), row[i]);
    }
    return out;
  }

  private static Object value(ColumnType type, Object v) {
    boolean smallInt = v instanceof Integer || v instanceof Short || v instanceof Byte;
    Object out =
        switch (type) {
          case VARCHAR -> v instanceof String ? v : null;
          case BIGINT, TIMESTAMP -> v instanceof Long || smallInt ? ((Number) v).longValue() : null;
          case INTEGER, DATE, TIME ->
              smallInt
                  ? ((Number) v).intValue()
                  : v instanceof Long l && l == (int) (long) l ? (Object) (int) (long) l : null;
          case DOUBLE ->
              v instanceof Double || v instanceof Float ? ((Number) v).doubleValue() : null;
          case DECIMAL ->
              v instanceof BigDecimal
                  ? v
                  : v instanceof Long || v instanceof Integer
                      ? BigDecimal.valueOf(((Number) v).longValue())
                      : null;
          case BOOLEAN -> v instanceof Boolean ? v : null;
          case VARBINARY ->
              v instanceof io.tidal.schema.Binary
                  ? v
                  : v instanceof byte[] b ? io.tidal.schema.Binary.of(b) : null;
        };
    if (out == null) {
      throw new ModelError(ErrorCode.INVALID_VALUE, "value " + TidalException.quote(v));
    }
    return out;
  }

  private Object key(EntityTable t, Object key) {
    if (key == null) {
      throw new ModelError(ErrorCode.INVALID_VALUE, "null key");
    }
    return value(t.hasPrimaryKey() ? t.keyType() : ColumnType.BIGINT, key);
  }

  /** Transactions (and every single write, as a one-operation transaction). */
  private final class Tx implements Transaction {
    private final Map<String, TreeMap<Object, Optional<Object[]>>> overlay = new HashMap<>();
    private final List<Event> signals = new ArrayList<>();

    /** Row writes in order: {table, key, row or null for a delete, Boolean mustBeNew}. */
    private final List<Object[]> writes = new ArrayList<>();

    private Object[] visible(String table, Object key) {
      Optional<Object[]> mine = overlay.getOrDefault(table, new TreeMap<>(KEY_ORDER)).get(key);
      return mine != null ? mine.orElse(null) : rows.get(table).get(key);
    }

    private void put(String table, Object key, Object[] row, boolean mustBeNew) {
      writes.add(new Object[] {table, key, row, mustBeNew});
      overlay
          .computeIfAbsent(table, t -> new TreeMap<>(KEY_ORDER))
          .put(key, Optional.ofNullable(row));
    }

    @Override
    public Object insertRow(String table, Object[] row) {
      synchronized (ReferenceDB.this) {
        EntityTable t = schema.requireTable(table);
        Object[] r = checkRow(t, row);
        Object key;
        if (t.hasPrimaryKey()) {
          key = r[t.keyIndex()];
        } else {
          key = nextRowId.get(t.name());
          nextRowId.put(t.name(), (Long) key + 1);
        }
        if (visible(t.name(), key) != null) {
          throw new ModelError(ErrorCode.DUPLICATE_KEY, "key " + key);
        }
        put(t.name(), key, r, true);
        return key;
      }
    }

    @Override
    public boolean updateRow(String table, Object key, Object[] row) {
      synchronized (ReferenceDB.this) {
        EntityTable t = schema.requireTable(table);
        Object k = key(t, key);
        Object[] r = checkRow(t, row);
        if (visible(t.name(), k) == null) {
          return false;
        }
        Object nk = t.hasPrimaryKey() ? r[t.keyIndex()] : k;
        if (KEY_ORDER.compare(k, nk) != 0) {
          if (visible(t.name(), nk) != null) {
            throw new ModelError(ErrorCode.DUPLICATE_KEY, "key " + nk);
          }
          put(t.name(), k, null, false);
          put(t.name(), nk, r, true);
        } else {
          put(t.name(), nk, r, false);
        }
        return true;
      }
    }

    @Override
    public boolean deleteRow(String table, Object key) {
      synchronized (ReferenceDB.this) {
        EntityTable t = schema.requireTable(table);
        Object k = key(t, key);
        if (visible(t.name(), k) == null) {
          return false;
        }
        put(t.name(), k, null, false);
        return true;
      }
    }

    @Override
    public Optional<Object[]> row(String table, Object key) {
      synchronized (ReferenceDB.this) {
        EntityTable t = schema.requireTable(table);
        Object[] r = visible(t.name(), key(t, key));
        return r == null ? Optional.empty() : Optional.of(r.clone());
      }
    }

    @Override
    public Iterator<Object[]> scanRows(String table) {
      List<Object[]> out = new ArrayList<>();
      scanKeyedRows(table).forEachRemaining(e -> out.add(e.getValue()));
      return out.iterator();
    }

    @Override
    public Iterator<Map.Entry<Object, Object[]>> scanKeyedRows(String table) {
      synchronized (ReferenceDB.this) {
        EntityTable t = schema.requireTable(table);
        TreeMap<Object, Object[]> merged = new TreeMap<>(rows.get(t.name()));
        overlay
            .getOrDefault(t.name(), new TreeMap<>(KEY_ORDER))
            .forEach(
                (k, v) -> {
                  if (v.isPresent()) {
                    merged.put(k, v.get());
                  } else {
                    merged.remove(k);
                  }
                });
        List<Map.Entry<Object, Object[]>> out = new ArrayList<>();
        merged.forEach((k, r) -> out.add(Map.entry(k, r.clone())));
        return out.iterator();
      }
    }

    @Override
    public boolean signal(Signal signal) {
      synchronized (ReferenceDB.this) {
        signals.add(check(signal));
        return true;
      }
    }

    @Override
    public void commit() {
      synchronized (ReferenceDB.this) {
        Map<List<Object>, Boolean> present = new HashMap<>();
        for (Object[] w : writes) {
          if (!rows.containsKey((String) w[0])) {
            throw new ModelError(ErrorCode.UNKNOWN_TABLE, "table " + w[0]);
          }
          List<Object> id = List.of(w[0], w[1]);
          boolean exists =
              present.containsKey(id) ? present.get(id) : rows.get((String) w[0]).containsKey(w[1]);
          if ((Boolean) w[3] && exists) {
            rollback();
            throw new ModelError(ErrorCode.DUPLICATE_KEY, "key " + w[1]);
          }
          present.put(id, w[2] != null);
        }
        for (Object[] w : writes) {
          if (w[2] != null) {
            rows.get((String) w[0]).put(w[1], (Object[]) w[2]);
          } else if (rows.get((String) w[0]).remove(w[1]) != null) {
            // deleting an entity row deletes its signals in every type on the table
            Set<String> types = new HashSet<>();
            schema.signalTypes().stream()
                .filter(t -> t.table().equals(w[0]))
                .forEach(t -> types.add(t.name()));
            events.removeIf(e -> types.contains(e.type) && e.key.equals(w[1]));
          }
        }
        Map<String, Long> horizons = new HashMap<>(); // as before the commit, like a batch
        for (Event e : signals) {
          horizons.computeIfAbsent(e.type, t -> horizon(schema.requireSignalType(t)));
        }
        signals.forEach(e -> record(e, horizons.get(e.type)));
        rollback();
      }
    }

    @Override
    public void rollback() {
      overlay.clear();
      signals.clear();
      writes.clear();
    }

    @Override
    public void close() {
      rollback();
    }
  }

  /** The model's errors: a {@link TidalException} with the code the engine must report. */
  private static final class ModelError extends TidalException {
    private static final long serialVersionUID = 1L;

    ModelError(ErrorCode code, String message) {
      super(code, message);
    }

    ModelError(ErrorCode code, String message, Throwable cause) {
      super(code, message, cause);
    }
  }
}
