package io.tidal;

import io.tidal.schema.EntityId;
import io.tidal.storage.KeyValue;
import io.tidal.storage.Keyspace;
import io.tidal.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * Where the engine's state lives in storage between checkpoints, and how it is read back at open.
 *
 * <p>Layout (keyspaces; {@code <gen>} is the storage generation of a table or signal type, see
 * {@link CatalogCodec}):
 * <pre>
 * sys.meta      "checkpointSeq" -> i64 BE: WAL sequence the stored state includes
 *               "format"        -> i32 BE: this layout's version (1)
 *               "rowid.&lt;gen&gt;"   -> i64 BE: next hidden row id of a keyless table (ids are never reused)
 * sys.catalog   "catalog"       -> {@link CatalogCodec} catalog bytes
 * t.&lt;gen&gt;       rows: {@link RowCodec#encodeKey} of the key (row id as BIGINT for keyless tables)
 *                     -> {@link RowCodec#encodeRow}
 * d.&lt;gen&gt;       VARCHAR dictionary: key UTF-8 -> EntityId u64 BE
 * l.&lt;gen&gt;       ledger states of a signal type: EntityId u64 BE -> the ledger's state bytes
 * w.&lt;gen&gt;       warm tier of a signal type: see {@link WarmSignals}
 * </pre>
 * The engine writes storage only inside a checkpoint, which ends with one durable flush: the files
 * always hold exactly one checkpoint, and the WAL after {@code checkpointSeq} holds the rest.
 */
final class StateStore {
  static final int FORMAT = 1;
  static final String META = "sys.meta";
  static final String CATALOG = "sys.catalog";
  private static final byte[] CHECKPOINT_SEQ = "checkpointSeq".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
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

  static String ledger(long gen) {
    return "l." + gen;
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
    if (format != FORMAT) {
      throw new TidalException(ErrorCode.UNSUPPORTED_FORMAT, "engine state layout version " + format
          + " is not supported [supported=" + FORMAT + "]");
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

  /** Loads a table's rows and dictionary into {@code td}. */
  void load(TableData td) {
    if (storage.hasKeyspace(rows(td.gen))) {
      for (Iterator<KeyValue> it = storage.keyspace(rows(td.gen)).scan(null, null); it.hasNext();) {
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
    if (td.dictionary != null && storage.hasKeyspace(dictionary(td.gen))) {
      for (Iterator<KeyValue> it = storage.keyspace(dictionary(td.gen)).scan(null, null); it.hasNext();) {
        KeyValue kv = it.next();
        td.dictionary.load(new String(kv.key(), StandardCharsets.UTF_8), EntityId.fromBytes(kv.value(), 0));
      }
      td.dictionary.finishLoad();
    }
  }

  /** Entries of a signal type's ledger keyspace, for loading. */
  Iterator<KeyValue> ledgerStates(long gen) {
    return storage.hasKeyspace(ledger(gen)) ? storage.keyspace(ledger(gen)).scan(null, null)
        : java.util.Collections.emptyIterator();
  }

  /** Writes a table's row and dictionary changes since the last checkpoint. */
  void writeTable(TableData td) {
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
      storage.keyspace(META).put(rowIdKey(td.gen), ByteBuffer.allocate(8).putLong(td.nextRowId.get()).array());
    }
    if (td.dictionary != null) {
      Keyspace dict = storage.keyspace(dictionary(td.gen));
      td.dictionary.drainNew((key, id) -> dict.put(key.getBytes(StandardCharsets.UTF_8), id.toBytes()));
    }
  }

  private static byte[] rowIdKey(long gen) {
    return ("rowid." + gen).getBytes(StandardCharsets.US_ASCII);
  }

  Keyspace ledgerSpace(long gen) {
    return storage.keyspace(ledger(gen));
  }

  /** Writes the catalog and the checkpoint sequence, drops keyspaces of dropped objects. */
  void writeCatalog(CatalogCodec.Catalog catalog, long seq, Set<Long> liveGens) {
    storage.keyspace(CATALOG).put(CATALOG_KEY, CatalogCodec.encodeCatalog(catalog));
    Keyspace meta = storage.keyspace(META);
    meta.put(FORMAT_KEY, ByteBuffer.allocate(4).putInt(FORMAT).array());
    meta.put(CHECKPOINT_SEQ, ByteBuffer.allocate(8).putLong(seq).array());
    for (String name : storage.keyspaceNames()) {
      int dot = name.indexOf('.');
      if (dot == 1 && "tdlw".indexOf(name.charAt(0)) >= 0) {
        long gen = Long.parseLong(name.substring(2));
        if (!liveGens.contains(gen)) {
          storage.dropKeyspace(name);
        }
      }
    }
  }
}
