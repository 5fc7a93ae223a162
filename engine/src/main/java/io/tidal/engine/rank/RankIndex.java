package io.tidal.engine.rank;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An ordered index of entities by a rank key, best first: {@code (cls desc, key desc, id asc
 * unsigned)}. {@code cls} separates classes that a single double cannot order (positive, zero and
 * negative decay scores); {@code key} orders within a class.
 *
 * <p><b>Layout.</b> A two-level B-tree of primitive arrays: a directory of blocks, each block a
 * sorted run of at most {@value #MAX_BLOCK} entries in three parallel arrays ({@code byte} class,
 * {@code long} order-preserving key bits, {@code long} id). A lookup is a binary search over the
 * blocks' first entries and one inside a block; an insert or removal shifts at most one block.
 * This replaced a {@code ConcurrentSkipListMap<Entry, Boolean>}: a skip-list operation chases about
 * 2 log2(N) pointers through three objects each, which cost 5-10 us per operation at 10^5 entries
 * on the benchmark VM and dominated ingest (docs/benchmarks/facade.md); here an operation touches
 * a handful of cache lines, and an entry costs 17 bytes instead of about 80.
 *
 * <p><b>Threads.</b> All methods are thread-safe; the index's monitor guards every access and is
 * held only for one operation or one iterator refill, never while callers run code. Iteration is
 * weakly consistent like a concurrent collection's: the iterator copies up to {@value #CHUNK}
 * entries at a time and resumes strictly after the last entry it returned, so it never fails, sees
 * each entry at most once, and may or may not see concurrent changes. Writers that move an entity
 * add its new entry before removing the old one, and walkers de-duplicate by id. Keys are compared
 * with {@link Double#compare}, so a key must be recomputed bit for bit to remove its entry: key
 * functions use {@link StrictMath}.
 *
 * <p>{@link #rebuild} replaces the whole content from unsorted entries in O(N log N): recovery uses
 * it.
 *
 * <p>The directory search reads each block's first entry from three primitive arrays kept beside
 * the blocks ({@code firstCls}, {@code firstKey}, {@code firstId}) rather than through the block
 * objects: at 10^5 entries (about 800 blocks) the ten steps of the search otherwise chased three
 * or four pointers each, a tenth of W1's ingest CPU (JFR). Every change of a block's first entry or
 * of the block order updates them.
 */
public final class RankIndex implements RankOrder {
  /** Class of a positive score. */
  public static final byte POSITIVE = 2;

  /** Class of a zero score. */
  public static final byte ZERO = 1;

  /** Class of a negative score. */
  public static final byte NEGATIVE = 0;

  /** A block splits in two when it reaches this size. */
  static final int MAX_BLOCK = 256;

  /** Entries an iterator copies per refill. */
  static final int CHUNK = 64;

  private RankBlock[] blocks = {new RankBlock(RankBlock.INITIAL)};
  private int blockCount = 1;
  private long size;
  // The first entry of each block (index = block), for blockFor; block 0's is never searched.
  private byte[] firstCls = new byte[1];
  private long[] firstKey = new long[1];
  private long[] firstId = new long[1];

  /** Adds an entry; returns false when an equal one is present. */
  public boolean add(long id, byte cls, double key) {
    long k = bits(key);
    synchronized (this) {
      return addLocked(id, cls, k);
    }
  }

  /** Removes the entry equal to (id, cls, key); returns whether it was present. */
  public boolean remove(long id, byte cls, double key) {
    long k = bits(key);
    synchronized (this) {
      return removeLocked(id, cls, k);
    }
  }

  /**
   * Replaces entity {@code id}'s entry (oldCls, oldKey) by (cls, key) in one step: the same content
   * as {@link #add} of the new entry then {@link #remove} of the old one, under one acquisition of
   * the monitor (a walker sees the entity under one of the two keys, never under none). When the new
   * entry belongs to the old one's block, which a small key change usually does, the block is
   * searched once and shifted in place, without a second directory search. Does nothing when both
   * entries are equal.
   */
  public void move(long id, byte oldCls, double oldKey, byte cls, double key) {
    long ok = bits(oldKey);
    long k = bits(key);
    if (oldCls == cls && ok == k) {
      return;
    }
    synchronized (this) {
      int b = blockFor(oldCls, ok, id);
      RankBlock blk = blocks[b];
      int p = blk.search(oldCls, ok, id);
      if (p >= 0
          && (b == 0 || compare(cls, k, id, firstCls[b], firstKey[b], firstId[b]) > 0)
          && (b == blockCount - 1
              || compare(cls, k, id, firstCls[b + 1], firstKey[b + 1], firstId[b + 1]) < 0)) {
        int ip = blk.search(cls, k, id);
        if (ip >= 0) { // the new entry is present already: only the old one goes
          removeLocked(id, oldCls, ok);
        } else {
          blk.moveWithin(p, -ip - 1, cls, k, id);
          first(b);
        }
        return;
      }
      addLocked(id, cls, k);
      removeLocked(id, oldCls, ok);
    }
  }

  private boolean addLocked(long id, byte cls, long k) {
    int b = blockFor(cls, k, id);
    RankBlock blk = blocks[b];
    int p = blk.search(cls, k, id);
    if (p >= 0) {
      return false;
    }
    blk.insert(-p - 1, cls, k, id);
    if (p == -1) {
      first(b);
    }
    size++;
    if (blk.n == MAX_BLOCK) {
      split(b);
    }
    return true;
  }

  private boolean removeLocked(long id, byte cls, long k) {
    int b = blockFor(cls, k, id);
    RankBlock blk = blocks[b];
    int p = blk.search(cls, k, id);
    if (p < 0) {
      return false;
    }
    blk.delete(p);
    if (p == 0 && blk.n > 0) {
      first(b);
    }
    size--;
    if (blk.n < MAX_BLOCK / 4) {
      mergeAround(b);
    }
    return true;
  }

  /** Entries best first, weakly consistent (see the class comment). */
  @Override
  public Iterator<Entry> iterator() {
    return new Cursor(CHUNK);
  }

  /**
   * {@link #iterator()} copying {@code first} entries at its first refill, doubling up to {@value
   * #CHUNK}: for walks that usually read only a few entries (one per followed group).
   */
  public Iterator<Entry> iterator(int first) {
    return new Cursor(Math.max(1, Math.min(first, CHUNK)));
  }

  /** Number of entries. */
  public synchronized long size() {
    return size;
  }

  public synchronized void clear() {
    blocks = new RankBlock[] {new RankBlock(RankBlock.INITIAL)};
    blockCount = 1;
    size = 0;
    allFirsts();
  }

  /**
   * Replaces the content with the first {@code n} entries of the parallel arrays (distinct entries,
   * any order; the arrays are sorted in place). Not atomic: callers run it while nothing else uses
   * this index. O(N log N) by a quicksort on the primitive arrays.
   */
  public void rebuild(byte[] cls, double[] keys, long[] ids, int n) {
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      bits[i] = bits(keys[i]);
    }
    EntrySort.sort(cls, bits, ids, 0, n - 1, new java.util.Random(n));
    int per = MAX_BLOCK / 2;
    int count = Math.max(1, (n + per - 1) / per);
    RankBlock[] built = new RankBlock[Math.max(count, 4)];
    for (int b = 0; b < count; b++) {
      int from = b * per;
      int len = Math.min(n, from + per) - from;
      RankBlock blk = new RankBlock(Math.max(RankBlock.INITIAL, 2 * len));
      System.arraycopy(cls, from, blk.cls, 0, len);
      System.arraycopy(bits, from, blk.key, 0, len);
      System.arraycopy(ids, from, blk.id, 0, len);
      blk.n = len;
      built[b] = blk;
    }
    synchronized (this) {
      blocks = built;
      blockCount = count;
      size = n;
      allFirsts();
    }
  }

  // ---- order ----

  /** Key bits whose signed order is the reverse of {@link Double#compare}'s (best first). */
  static long bits(double key) {
    long b = Double.doubleToRawLongBits(key);
    return ~(b ^ ((b >> 63) & Long.MAX_VALUE));
  }

  static double key(long bits) {
    long b = ~bits;
    return Double.longBitsToDouble(b ^ ((b >> 63) & Long.MAX_VALUE));
  }

  static int compare(byte c1, long k1, long id1, byte c2, long k2, long id2) {
    if (c1 != c2) {
      return c1 > c2 ? -1 : 1;
    }
    if (k1 != k2) {
      return k1 < k2 ? -1 : 1;
    }
    return Long.compareUnsigned(id1, id2);
  }

  // ---- structure (callers hold the monitor) ----

  /** The block whose range holds the entry: the last block whose first entry is <= it, else 0. */
  private int blockFor(byte cls, long k, long id) {
    int lo = 1;
    int hi = blockCount - 1;
    int found = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(firstCls[mid], firstKey[mid], firstId[mid], cls, k, id) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private void split(int b) {
    RankBlock full = blocks[b];
    int half = full.n / 2;
    RankBlock right = new RankBlock(MAX_BLOCK);
    System.arraycopy(full.cls, half, right.cls, 0, full.n - half);
    System.arraycopy(full.key, half, right.key, 0, full.n - half);
    System.arraycopy(full.id, half, right.id, 0, full.n - half);
    right.n = full.n - half;
    full.n = half;
    if (blockCount == blocks.length) {
      blocks = Arrays.copyOf(blocks, blockCount * 2);
    }
    System.arraycopy(blocks, b + 1, blocks, b + 2, blockCount - b - 1);
    blocks[b + 1] = right;
    blockCount++;
    if (firstCls.length < blocks.length) {
      firstCls = Arrays.copyOf(firstCls, blocks.length);
      firstKey = Arrays.copyOf(firstKey, blocks.length);
      firstId = Arrays.copyOf(firstId, blocks.length);
    }
    shiftFirsts(b + 1, b + 2, blockCount - b - 2);
    first(b + 1);
  }

  /** Records block {@code b}'s first entry in the directory arrays (the block is not empty). */
  private void first(int b) {
    RankBlock blk = blocks[b];
    firstCls[b] = blk.cls[0];
    firstKey[b] = blk.key[0];
    firstId[b] = blk.id[0];
  }

  /** Moves {@code len} directory entries from block position {@code from} to {@code to}. */
  private void shiftFirsts(int from, int to, int len) {
    if (len > 0) {
      System.arraycopy(firstCls, from, firstCls, to, len);
      System.arraycopy(firstKey, from, firstKey, to, len);
      System.arraycopy(firstId, from, firstId, to, len);
    }
  }

  /** Rebuilds the directory arrays from the blocks. */
  private void allFirsts() {
    firstCls = new byte[blocks.length];
    firstKey = new long[blocks.length];
    firstId = new long[blocks.length];
    for (int b = 0; b < blockCount; b++) {
      if (blocks[b].n > 0) {
        first(b);
      }
    }
  }

  /** Throws when the directory arrays disagree with the blocks; for tests. */
  synchronized void checkDirectory() {
    for (int b = 0; b < blockCount; b++) {
      RankBlock blk = blocks[b];
      if (blk.n > 0
          && (firstCls[b] != blk.cls[0] || firstKey[b] != blk.key[0] || firstId[b] != blk.id[0])) {
        throw new IllegalStateException("directory entry of block " + b + " is stale");
      }
    }
  }

  /** Merges a small block into a neighbour when both fit in half a block; drops an empty one. */
  private void mergeAround(int b) {
    if (blockCount == 1) {
      return;
    }
    if (blocks[b].n == 0) { // an empty block has no first entry for the directory search
      System.arraycopy(blocks, b + 1, blocks, b, blockCount - b - 1);
      shiftFirsts(b + 1, b, blockCount - b - 1);
      blocks[--blockCount] = null;
      return;
    }
    int left = b > 0 && (b + 1 == blockCount || blocks[b - 1].n <= blocks[b + 1].n) ? b - 1 : b;
    RankBlock l = blocks[left];
    RankBlock r = blocks[left + 1];
    if (l.n + r.n > MAX_BLOCK / 2) {
      return;
    }
    l.append(r);
    if (left == 0 && l.n == r.n) {
      first(0); // block 0 was empty: it starts with r's entries now
    }
    System.arraycopy(blocks, left + 2, blocks, left + 1, blockCount - left - 2);
    shiftFirsts(left + 2, left + 1, blockCount - left - 2);
    blocks[--blockCount] = null;
  }

  /**
   * Copies up to {@code max} entries strictly after (cls, k, id) — from the first entry when
   * {@code fromStart} — into {@code out}; returns how many.
   */
  private synchronized int copyAfter(boolean fromStart, byte cls, long k, long id, Entry[] out) {
    int b = 0;
    int p = 0;
    if (!fromStart) {
      b = blockFor(cls, k, id);
      p = blocks[b].search(cls, k, id);
      p = p >= 0 ? p + 1 : -p - 1;
    }
    int n = 0;
    while (n < out.length && b < blockCount) {
      RankBlock blk = blocks[b];
      for (; p < blk.n && n < out.length; p++) {
        out[n++] = new Entry(blk.id[p], blk.cls[p], key(blk.key[p]));
      }
      b++;
      p = 0;
    }
    return n;
  }

  /** Number of blocks, for tests of the structure. */
  synchronized int blockCount() {
    return blockCount;
  }

  /** The weakly consistent iterator: refills a chunk at a time after the last entry returned. */
  private final class Cursor implements Iterator<Entry> {
    private Entry[] buf;
    private int n;
    private int i;
    private Entry last;
    private boolean exhausted;

    Cursor(int first) {
      buf = new Entry[first];
    }

    @Override
    public boolean hasNext() {
      if (i < n) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      if (last != null && buf.length < CHUNK) {
        buf = new Entry[Math.min(CHUNK, buf.length * 2)];
      }
      n =
          last == null
              ? copyAfter(true, (byte) 0, 0, 0, buf)
              : copyAfter(false, last.cls, bits(last.key), last.id, buf);
      i = 0;
      exhausted = n < buf.length;
      return n > 0;
    }

    @Override
    public Entry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = buf[i];
      buf[i++] = null;
      return last;
    }
  }

  /** One index entry: an entity id and its rank key. Immutable. */
  public static final class Entry {
    private final long id;
    private final byte cls;
    private final double key;

    Entry(long id, byte cls, double key) {
      this.id = id;
      this.cls = cls;
      this.key = key;
    }

    public long id() {
      return id;
    }

    public byte cls() {
      return cls;
    }

    public double key() {
      return key;
    }

    @Override
    public String toString() {
      return "Entry[" + Long.toUnsignedString(id) + ", cls=" + cls + ", key=" + key + "]";
    }
  }
}
