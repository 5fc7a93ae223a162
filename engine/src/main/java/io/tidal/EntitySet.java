package io.tidal;

/**
 * An immutable set of one entity table's entities, by the engine's dense ids: what a personal feed
 * excludes (an actor's seen set, {@link TidalDB#actorEntitySet}) or keeps (the rows a secondary
 * index names, {@link TidalDB#indexEntitySet}), handed back in a {@link RankQuery} so the rank walk
 * tests each entry with one primitive probe, before any key or row is read.
 *
 * <p>Design notes. Open addressing over a {@code long[]} of twice the size rounded up to a power of
 * two (load at most one half), Fibonacci hashing, linear probing; the id 0 is kept apart because 0
 * marks an empty slot. Ids are only meaningful for the table named (its entity dictionary); the
 * ranker refuses a set of another table, and a set it did not build.
 *
 * <p>The representation lives in the engine ({@code io.tidal.engine.IdSet}); this type only names
 * the table and the size, so the engine's ids do not become API.
 */
public abstract class EntitySet {
  private final String table;
  private final int size;

  /** For the engine's implementation only: an application receives sets from {@link TidalDB}. */
  protected EntitySet(String table, int size) {
    this.table = table;
    this.size = size;
  }

  /** The table whose entities these are (its canonical name). */
  public final String table() {
    return table;
  }

  /** The number of distinct entities (an implementation may count them when first asked). */
  public int size() {
    return size;
  }
}
