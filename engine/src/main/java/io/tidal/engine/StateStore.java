package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.engine.ledger.StateRecord;
import io.tidal.engine.storage.KeyValue;
import io.tidal.engine.storage.Keyspace;
import io.tidal.engine.storage.StorageEngine;
import io.tidal.schema.EntityId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the engine's state lives in storage between checkpoints, and how it is read back at open.
 *
 * <p>Layout (keyspaces; {@code <gen>} is the storage generation of a table or signal type, see
 * {@link CatalogCodec}):
 * <pre>
 * sys.meta      "checkpointSeq" -> i64 BE: WAL sequence the stored state includes
 *               "scrubPending"  -> 1 byte, 1: an erasure is stored here but older copies of the erased
 *                                  data may remain in files (see {@link Checkpointer}); absent: none
 *               "dictnext.&lt;gen&gt;" -> i64 BE: next id of a VARCHAR dictionary, written when a key was
 *                                  removed (see {@link DictionaryCodec})
 *               "format"        -> i32 BE: this layout's version (2; 1 is still read)
 *               "latest.&lt;gen&gt;"  -> i64 BE: the latest signal timestamp a signal type ever recorded
 *                                  (since 2026-12-07), so that its horizon never moves back when
 *                                  the entity that held it is deleted (absent: from the states)
 *               "rowid.&lt;gen&gt;"   -> i64 BE: next hidden row id of a keyless table (ids are never reused)
 * sys.catalog   "catalog"       -> {@link CatalogCodec} catalog bytes
 * t.&lt;gen&gt;       rows: {@link RowCodec#encodeKey} of the key (row id as BIGINT for keyless tables)
 *                     -> {@link RowCodec#encodeRow}
 * e.&lt;gen&gt;       VARCHAR dictionary, append-only chunks: see {@link DictionaryCodec}
 * d.&lt;gen&gt;       VARCHAR dictionary of layout 1: key UTF-8 -> EntityId u64 BE (read, never written)
 * b.&lt;gen&gt;       ledger states of a signal type, 64 entity ids per value: see {@link LedgerBuckets}
 * l.&lt;gen&gt;       ledger states of layout 1: EntityId u64 BE -> the ledger's state bytes (read; the
 *               type's first checkpoint moves every state to b.&lt;gen&gt; and drops it)
 * w.&lt;gen&gt;       warm tier of a signal type: see {@link WarmSignals}
 * </pre>
 * Layout 2 (2026-11-26) added {@code e.<gen>} and {@code b.<gen>}: a database of layout 1 is read as it is, and its
 * first checkpoint records version 2 (so an older release refuses it rather than miss entries).
 * The engine writes storage only inside a checkpoint, which ends with one durable flush: the files
 * always hold exactly one checkpoint, and the WAL after {@code checkpointSeq} holds the rest.
 */
final class StateStore {
  static final int FORMAT = 2;
  static final int MIN_FORMAT = 1;
  static final String META = "sys.meta";
  static final String CATALOG = "sys.catalog";
  private static final byte[] CHECKPOINT_SEQ = "checkpointSeq".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SCRUB_PENDING = "scrubPending".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CATALOG_KEY = "catalog".getBytes(StandardCharsets.US_ASCII);

  private final StorageEngine storage;

  StateStore(StorageEngine storage) {
    this.storage = storage;
  }

  StorageEngine storage() {
    return storage;
  }

  static String rows(long gen) {
    return "t." + gen;
  }

  static String dictionary(long gen) {
    return "d." + gen;
  }

  static String dictionaryChunks(long gen) {
    return "e." + gen;
  }

  static String ledger(long gen) {
    return "l." + gen;
  }

  static String buckets(long gen) {
    return "b." + gen;
  }

  static String warm(long gen) {
    return "w." + gen;
  }

  /** The stored catalog, or null for a new database. */
  CatalogCodec.Catalog catalog() {
    if (!storage.hasKeyspace(CATALOG)) {
      return null;
    }
    byte[] b = storage.keyspace(CATALOG).get(CATALOG_KEY);
    if (b == null) {
      return null;
    }
    byte[] f = storage.keyspace(META).get(FORMAT_KEY);
    int format = f == null || f.length != 4 ? -1 : ByteBuffer.wrap(f).getInt();
    if (format < MIN_FORMAT || format > FORMAT) {
      throw new EngineException(
          ErrorCode.UNSUPPORTED_FORMAT,
          "engine state layout version "
              + format
              + " is not supported [supported="
              + MIN_FORMAT
              + ".."
              + FORMAT
              + "]");
    }
    return CatalogCodec.decodeCatalog(b);
  }

  long checkpointSeq() {
    if (!storage.hasKeyspace(META)) {
      return 0;
    }
    byte[] b = storage.keyspace(META).get(CHECKPOINT_SEQ);
    return b == null ? 0 : ByteBuffer.wrap(b).getLong();
  }

  /** Whether the stored state records an erasure whose older copies may remain in files. */
  boolean scrubPending() {
    return storage.hasKeyspace(META) && storage.keyspace(META).get(SCRUB_PENDING) != null;
  }

  /** The stored latest signal timestamp of the type {@code gen}, or {@code Long.MIN_VALUE}. */
  long latest(long gen) {
    byte[] b = storage.hasKeyspace(META) ? storage.keyspace(META).get(latestKey(gen)) : null;
    return b == null || b.length != 8 ? Long.MIN_VALUE : ByteBuffer.wrap(b).getLong();
  }

  /** Stores the latest signal timestamp of the type {@code gen}; durable with the next flush. */
  void writeLatest(long gen, long ts) {
    storage.keyspace(META).put(latestKey(gen), ByteBuffer.allocate(8).putLong(ts).array());
  }

  private static byte[] latestKey(long gen) {
    return ("latest." + gen).getBytes(StandardCharsets.US_ASCII);
  }

  /** Records (or clears) {@link #scrubPending}; durable with the next flush. */
  void setScrubPending(boolean pending) {
    if (pending) {
      storage.keyspace(META).put(SCRUB_PENDING, new byte[] {1});
    } else if (storage.hasKeyspace(META)) {
      storage.keyspace(META).delete(SCRUB_PENDING);
    }
  }

  /** Loads a table's rows and dictionary into {@code td}. */
  void load(TableData td) {
    if (storage.hasKeyspace(rows(td.gen))) {
      for (Iterator<KeyValue> it = storage.keyspace(rows(td.gen)).scan(null, null);
          it.hasNext(); ) {
        KeyValue kv = it.next();
        Object key = RowCodec.decodeKey(kv.key());
        td.load(key, RowCodec.decodeRow(kv.value()));
      }
    }
    if (!td.table.hasPrimaryKey() && storage.hasKeyspace(META)) {
      byte[] next = storage.keyspace(META).get(rowIdKey(td.gen));
      if (next != null) {
        td.nextRowId.accumulateAndGet(ByteBuffer.wrap(next).getLong(), Math::max);
      }
    }
    if (td.dictionary != null) {
      if (storage.hasKeyspace(dictionary(td.gen))) { // layout 1: one entry per assignment
        for (Iterator<KeyValue> it = storage.keyspace(dictionary(td.gen)).scan(null, null);
            it.hasNext(); ) {
          KeyValue kv = it.next();
          td.dictionary.load(
              new String(kv.key(), StandardCharsets.UTF_8), EntityId.fromBytes(kv.value(), 0));
        }
      }
      if (storage.hasKeyspace(dictionaryChunks(td.gen))) {
        for (Iterator<KeyValue> it = storage.keyspace(dictionaryChunks(td.gen)).scan(null, null);
            it.hasNext(); ) {
          DictionaryCodec.decode(it.next().value(), td.dictionary::load);
        }
      }
      byte[] next =
          storage.hasKeyspace(META) ? storage.keyspace(META).get(dictNextKey(td.gen)) : null;
      if (next != null) {
        td.dictionary.loadNextId(ByteBuffer.wrap(next).getLong());
      }
      td.dictionary.finishLoad();
    }
  }

  /** A signal type's stored states as (EntityId u64 BE, state) pairs, for loading: layout 1's, then buckets. */
  Iterator<KeyValue> ledgerStates(long gen) {
    Iterator<KeyValue> legacy =
        storage.hasKeyspace(ledger(gen))
            ? storage.keyspace(ledger(gen)).scan(null, null)
            : Collections.emptyIterator();
    Iterator<KeyValue> buckets =
        storage.hasKeyspace(buckets(gen))
            ? storage.keyspace(buckets(gen)).scan(null, null)
            : Collections.emptyIterator();
    return new Iterator<>() {
      private Iterator<KeyValue> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (legacy.hasNext()) {
            return true;
          } else if (!buckets.hasNext()) {
            return false;
          }
          KeyValue kv = buckets.next();
          current = LedgerBuckets.decode(kv.key(), kv.value()).iterator();
        }
        return true;
      }

      @Override
      public KeyValue next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.hasNext() ? current.next() : legacy.next();
      }
    };
  }

  /** Whether a type's states are (also) stored in layout 1: its next checkpoint must write them all. */
  boolean hasLayout1States(long gen) {
    return storage.hasKeyspace(ledger(gen));
  }

  /**
   * Writes a type's buckets ({@code bucket -> all its states}; a bucket without states is deleted); then drops its layout-1 keyspace, whose
   * every state the caller included ({@link #hasLayout1States}), in the same checkpoint.
   */
  void writeStates(long gen, Map<Long, List<StateRecord>> byBucket) {
    if (!byBucket.isEmpty()) {
      Keyspace ks = storage.keyspace(buckets(gen));
      for (Map.Entry<Long, List<StateRecord>> b : byBucket.entrySet()) {
        if (b.getValue().isEmpty()) {
          ks.delete(LedgerBuckets.key(b.getKey())); // its every state was removed
        } else {
          ks.put(LedgerBuckets.key(b.getKey()), LedgerBuckets.encode(b.getValue()));
        }
      }
    }
    if (hasLayout1States(gen)) {
      storage.dropKeyspace(ledger(gen));
    }
  }

  /** Writes a table's row and dictionary changes since the last checkpoint ({@code seq}). */
  void writeTable(TableData td, long seq) {
    Keyspace rowSpace = storage.keyspace(rows(td.gen));
    for (Object key : td.drainDirty()) {
      Object[] row = td.get(key);
      if (row == null) {
        rowSpace.delete(RowCodec.encodeKey(key));
      } else {
        rowSpace.put(RowCodec.encodeKey(key), RowCodec.encodeRow(row));
      }
    }
    if (!td.table.hasPrimaryKey()) {
      storage
          .keyspace(META)
          .put(rowIdKey(td.gen), ByteBuffer.allocate(8).putLong(td.nextRowId.get()).array());
    }
    if (td.dictionary != null) {
      writeDictionary(td, seq);
    }
  }

  /**
   * Appends the dictionary's new assignments as chunks; after a removal, replaces every stored chunk
   * (and layout 1's entries) with the remaining assignments and stores the next id instead.
   */
  private void writeDictionary(TableData td, long seq) {
    EntityDictionary d = td.dictionary;
    boolean rewrite = d.takeRemoved();
    List<Map.Entry<String, EntityId>> fresh = d.takeNew();
    if (rewrite) {
      fresh = d.assignments();
      storage.dropKeyspace(dictionary(td.gen));
      if (storage.hasKeyspace(dictionaryChunks(td.gen))) {
        Keyspace old = storage.keyspace(dictionaryChunks(td.gen));
        List<byte[]> keys = new ArrayList<>();
        old.scan(null, null).forEachRemaining(kv -> keys.add(kv.key()));
        keys.forEach(old::delete);
      }
      storage
          .keyspace(META)
          .put(dictNextKey(td.gen), ByteBuffer.allocate(8).putLong(d.nextId()).array());
    }
    List<byte[]> chunks = DictionaryCodec.encode(fresh);
    if (!chunks.isEmpty()) {
      Keyspace dict = storage.keyspace(dictionaryChunks(td.gen));
      for (int i = 0; i < chunks.size(); i++) {
        dict.put(DictionaryCodec.chunkKey(seq, i), chunks.get(i));
      }
    }
  }

  private static byte[] dictNextKey(long gen) {
    return ("dictnext." + gen).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] rowIdKey(long gen) {
    return ("rowid." + gen).getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes the catalog and the checkpoint sequence, drops keyspaces of dropped objects. */
  void writeCatalog(CatalogCodec.Catalog catalog, long seq, Set<Long> liveGens) {
    storage.keyspace(CATALOG).put(CATALOG_KEY, CatalogCodec.encodeCatalog(catalog));
    Keyspace meta = storage.keyspace(META);
    meta.put(FORMAT_KEY, ByteBuffer.allocate(4).putInt(FORMAT).array());
    meta.put(CHECKPOINT_SEQ, ByteBuffer.allocate(8).putLong(seq).array());
    for (String name : storage.keyspaceNames()) {
      int dot = name.indexOf('.');
      if (dot == 1 && "tdelwb".indexOf(name.charAt(0)) >= 0) {
        long gen = Long.parseLong(name.substring(2));
        if (!liveGens.contains(gen)) {
          storage.dropKeyspace(name);
        }
      }
    }
  }
}
