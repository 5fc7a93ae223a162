package io.tidal.engine.rank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * One rank index split by a row column: for each value of the column (a creator), a {@link
 * RankIndex} holding the entries of one global decay index whose entity's row has that value. The
 * union of the groups is the global index restricted to entities whose row has a non-NULL value.
 * A follow feed reads the followed values' groups merged ({@link #merged}): the walk then reads
 * about {@code k + |values|} entries instead of every entry until {@code k} followed ones passed.
 *
 * <p><b>Maintenance.</b> The owner (the signal type's indexes) forwards every change of the global
 * index's entries ({@link #add}, {@link #remove}, {@link #move}) under the entity's stripe lock, in
 * the same critical section; a row change of the column moves the entity between groups ({@link
 * #regroup}) under the same lock, with the entity's current entry. An entity's group is recorded
 * ({@link GroupMembers}) while it has an entry; when an entry is added for an entity without one
 * (its first signal), its group is read from its row ({@code groupOf}).
 *
 * <p><b>Threads.</b> As {@link RankIndex}: each group has its own monitor, a walk is weakly
 * consistent, and a regroup adds the entry to the new group before removing it from the old one
 * (a merged walk may meet an entity twice; walkers de-duplicate by id).
 */
public final class GroupedIndex {
  private final int halfLifeIndex;
  private final LongFunction<Object> groupOf;
  private final ConcurrentHashMap<Object, RankIndex> groups = new ConcurrentHashMap<>();
  private final GroupMembers members = new GroupMembers();

  /**
   * @param halfLifeIndex the global index this one splits (the type's half-life number)
   * @param groupOf an entity's column value from its row (null: no row, or NULL)
   */
  public GroupedIndex(int halfLifeIndex, LongFunction<Object> groupOf) {
    this.halfLifeIndex = halfLifeIndex;
    this.groupOf = groupOf;
  }

  public int halfLifeIndex() {
    return halfLifeIndex;
  }

  /** The entity's group as its row says now (null: no row, or NULL). */
  public Object groupOf(long id) {
    return groupOf.apply(id);
  }

  private RankIndex group(Object value) {
    return groups.computeIfAbsent(value, v -> new RankIndex());
  }

  /** The entity got an entry in the global index (its first state). */
  public void add(long id, byte cls, double key) {
    RankIndex g = members.get(id);
    if (g == null) {
      Object v = groupOf.apply(id);
      if (v == null) {
        return;
      }
      g = group(v);
      members.put(id, g);
    }
    g.add(id, cls, key);
  }

  /** The entity's entry left the global index (its state was removed). */
  public void remove(long id, byte cls, double key) {
    RankIndex g = members.remove(id);
    if (g != null) {
      g.remove(id, cls, key);
    }
  }

  /** The entity's entry moved in the global index. */
  public void move(long id, byte oldCls, double oldKey, byte cls, double key) {
    RankIndex g = members.get(id);
    if (g != null) {
      g.move(id, oldCls, oldKey, cls, key);
    }
  }

  /**
   * The entity's row now has column value {@code value} (null: NULL, or no row); {@code hasEntry}
   * tells whether it has an entry (cls, key) in the global index. Nothing is recorded for an entity
   * without an entry: its first {@link #add} reads its row.
   */
  public void regroup(long id, Object value, boolean hasEntry, byte cls, double key) {
    if (!hasEntry) {
      members.remove(id);
      return;
    }
    RankIndex old = members.get(id);
    RankIndex g = value == null ? null : group(value);
    if (old == g) {
      return;
    }
    if (g != null) {
      g.add(id, cls, key);
      members.put(id, g);
    } else {
      members.remove(id);
    }
    if (old != null) {
      old.remove(id, cls, key);
    }
  }

  /**
   * Fills this new, empty index with the given entries (any order), each entity's group read by
   * {@code groupOf}. Not atomic: the caller excludes every writer of the type.
   */
  public void rebuild(byte[] cls, double[] keys, long[] ids, int n) {
    java.util.Map<Object, List<Integer>> byValue = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      Object v = groupOf.apply(ids[i]);
      if (v != null) {
        byValue.computeIfAbsent(v, x -> new ArrayList<>()).add(i);
      }
    }
    groups.clear();
    for (java.util.Map.Entry<Object, List<Integer>> e : byValue.entrySet()) {
      List<Integer> at = e.getValue();
      byte[] c = new byte[at.size()];
      double[] k = new double[at.size()];
      long[] d = new long[at.size()];
      for (int j = 0; j < at.size(); j++) {
        c[j] = cls[at.get(j)];
        k[j] = keys[at.get(j)];
        d[j] = ids[at.get(j)];
      }
      RankIndex g = group(e.getKey());
      g.rebuild(c, k, d, d.length);
      for (long id : d) {
        members.put(id, g);
      }
    }
  }

  /**
   * Throws naming the first difference between the groups and {@code global} (the index this one
   * splits) restricted to each entity's current group: for tests, with writers quiet.
   */
  public void check(RankIndex global) {
    java.util.Map<Object, List<RankIndex.Entry>> want = new java.util.HashMap<>();
    int n = 0;
    for (Iterator<RankIndex.Entry> it = global.iterator(); it.hasNext(); ) {
      RankIndex.Entry e = it.next();
      Object v = groupOf.apply(e.id());
      if (v != null) {
        want.computeIfAbsent(v, x -> new ArrayList<>()).add(e);
        n++;
      }
    }
    for (java.util.Map.Entry<Object, RankIndex> g : groups.entrySet()) {
      List<RankIndex.Entry> w = want.getOrDefault(g.getKey(), List.of());
      Iterator<RankIndex.Entry> it = g.getValue().iterator();
      for (RankIndex.Entry e : w) {
        RankIndex.Entry got = it.hasNext() ? it.next() : null;
        if (got == null
            || got.id() != e.id()
            || got.cls() != e.cls()
            || Double.compare(got.key(), e.key()) != 0) {
          throw new IllegalStateException("group " + g.getKey() + ": " + got + " instead of " + e);
        }
      }
      if (it.hasNext()) {
        throw new IllegalStateException("group " + g.getKey() + " also holds " + it.next());
      }
    }
    for (Object v : want.keySet()) {
      if (!groups.containsKey(v)) {
        throw new IllegalStateException("no group " + v + " for " + want.get(v));
      }
    }
    if (members.size() != n) {
      throw new IllegalStateException(members.size() + " members instead of " + n);
    }
  }

  /** Entities with an entry in some group. */
  public int members() {
    return members.size();
  }

  /** The entries of the groups of {@code values}, merged in the index order, best first. */
  public RankOrder merged(Collection<?> values) {
    List<RankIndex> in = new ArrayList<>(values.size());
    for (Object v : values) {
      RankIndex g = v == null ? null : groups.get(v);
      if (g != null) {
        in.add(g);
      }
    }
    return () -> new Merge(in);
  }

  /**
   * A k-way merge of the groups' cursors: a binary heap of cursors by their head entry. Each cursor
   * first copies a couple of entries (most followed groups contribute none or one to a top-k).
   */
  private static final class Merge implements Iterator<RankIndex.Entry> {
    private final Iterator<RankIndex.Entry>[] its;
    private final RankIndex.Entry[] heads;
    private final int[] heap;
    private int n;

    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    Merge(List<RankIndex> in) {
      its = new Iterator[in.size()];
      heads = new RankIndex.Entry[in.size()];
      heap = new int[in.size()];
      for (int i = 0; i < in.size(); i++) {
        its[i] = in.get(i).iterator(2);
        if (its[i].hasNext()) {
          heads[i] = its[i].next();
          heap[n++] = i;
        }
      }
      for (int i = n / 2 - 1; i >= 0; i--) {
        down(i);
      }
    }

    @Override
    public boolean hasNext() {
      return n > 0;
    }

    @Override
    public RankIndex.Entry next() {
      if (n == 0) {
        throw new NoSuchElementException();
      }
      int top = heap[0];
      RankIndex.Entry e = heads[top];
      if (its[top].hasNext()) {
        heads[top] = its[top].next();
      } else {
        heads[top] = null;
        heap[0] = heap[--n];
      }
      if (n > 0) {
        down(0);
      }
      return e;
    }

    private boolean before(int a, int b) {
      RankIndex.Entry x = heads[a];
      RankIndex.Entry y = heads[b];
      return RankIndex.compare(
              x.cls(), RankIndex.bits(x.key()), x.id(), y.cls(), RankIndex.bits(y.key()), y.id())
          < 0;
    }

    private void down(int i) {
      while (true) {
        int l = 2 * i + 1;
        if (l >= n) {
          return;
        }
        int c = l + 1 < n && before(heap[l + 1], heap[l]) ? l + 1 : l;
        if (!before(heap[c], heap[i])) {
          return;
        }
        int t = heap[c];
        heap[c] = heap[i];
        heap[i] = t;
        i = c;
      }
    }
  }
}
