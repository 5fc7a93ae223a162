package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.EntityId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The stored form of a VARCHAR entity dictionary's assignments (key -> {@link EntityId}), written as
 * append-only chunks: a checkpoint stores the assignments made since the previous one as a few
 * values instead of one B-tree insert each (100k inserts cost a checkpoint about 650 ms).
 *
 * <p><b>Keyspace {@code e.<gen>}</b> (state layout version 2, see {@link StateStore}):
 * <pre>
 * key   (12 bytes): [checkpoint WAL sequence u64 BE][chunk number within the checkpoint u32 BE]
 * value:            offset  size  field
 *                        0     1  version = 1
 *                        1   1-3  count: unsigned LEB128 varint, 1..4096
 *                        .        count entries, in assignment order:
 *                                   id      zigzag varint of (id - previous entry's id), the first from 0
 *                                   length  unsigned varint, the key's UTF-8 length
 *                                   key     that many UTF-8 bytes
 * </pre>
 * Varints as in {@link WarmCodec}: 7 bits per byte, least significant group first, high bit = more
 * bytes follow. A chunk ends after {@value #MAX_ENTRIES} entries or once it holds {@value #TARGET_BYTES}
 * bytes. Example (golden test): ("a" -> 1, "é" -> 2) is {@code 01 02 02 01 61 02 02 C3A9}.
 * Chunks are only added, until a key is removed ({@link EntityDictionary#remove}, a deleted row):
 * then the next checkpoint deletes every chunk of the table and writes all remaining assignments
 * anew (ids ascending, keyed by that checkpoint's sequence), and stores the dictionary's next id in
 * {@code sys.meta} as {@code "dictnext.<gen>" -> i64 BE}, so that a removed highest id is never
 * assigned again after a reopen (a database without that entry takes the highest stored id + 1).
 * Ids are never re-assigned. A dropped table drops its keyspaces. Layout version 1 stored one
 * entry per assignment in keyspace {@code d.<gen>} (key UTF-8 -> id u64 BE); it is still read,
 * never written, and a rewrite drops it.
 */
final class DictionaryCodec {
  static final byte VERSION = 1;
  static final int MAX_ENTRIES = 4096;
  static final int TARGET_BYTES = 64 * 1024;

  private DictionaryCodec() {}

  /** The assignments as chunk values (none for none). */
  static List<byte[]> encode(List<Map.Entry<String, EntityId>> assignments) {
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < assignments.size(); ) {
      int pos = 0;
      int n = 0;
      long prev = 0;
      byte[][] keys = new byte[Math.min(MAX_ENTRIES, assignments.size() - from)][];
      int size = 0;
      while (from + n < assignments.size() && n < MAX_ENTRIES && size < TARGET_BYTES) {
        keys[n] = assignments.get(from + n).getKey().getBytes(StandardCharsets.UTF_8);
        size += keys[n].length + 16; // + id and length varints at most
        n++;
      }
      byte[] buf = new byte[4 + size];
      buf[pos++] = VERSION;
      pos = Varint.write(buf, pos, n);
      for (int i = 0; i < n; i++) {
        long id = assignments.get(from + i).getValue().bits();
        pos = Varint.write(buf, pos, WarmCodec.zigzag(id - prev));
        prev = id;
        pos = Varint.write(buf, pos, keys[i].length);
        System.arraycopy(keys[i], 0, buf, pos, keys[i].length);
        pos += keys[i].length;
      }
      out.add(Arrays.copyOf(buf, pos));
      from += n;
    }
    return out;
  }

  /** Hands every assignment of a chunk value to {@code sink}, in stored order. */
  static void decode(byte[] v, BiConsumer<String, EntityId> sink) {
    if (v.length == 0) {
      throw corrupt("empty value");
    }
    if (v[0] != VERSION) {
      throw new EngineException(
          ErrorCode.UNSUPPORTED_FORMAT,
          "unsupported dictionary chunk version [version=" + v[0] + ", supported=1]");
    }
    int[] pos = {1};
    long count = Varint.read(v, pos, "count", DictionaryCodec::corrupt);
    if (count < 1 || count > MAX_ENTRIES) {
      throw corrupt("count=" + count);
    }
    long id = 0;
    for (int i = 0; i < count; i++) {
      id += WarmCodec.unzigzag(Varint.read(v, pos, "id", DictionaryCodec::corrupt));
      long len = Varint.read(v, pos, "key length", DictionaryCodec::corrupt);
      if (len > v.length - pos[0]) {
        throw corrupt("key length=" + len + " at entry " + i);
      }
      sink.accept(new String(v, pos[0], (int) len, StandardCharsets.UTF_8), EntityId.of(id));
      pos[0] += (int) len;
    }
    if (pos[0] != v.length) {
      throw corrupt("trailing=" + (v.length - pos[0]));
    }
  }

  /** The key of a chunk: the same 12 bytes as a warm chunk's ({@link WarmCodec#chunkKey}). */
  static byte[] chunkKey(long seq, int chunk) {
    return WarmCodec.chunkKey(seq, chunk);
  }

  private static TidalException corrupt(String what) {
    return new EngineException(ErrorCode.CORRUPT, "bad dictionary chunk [" + what + "]");
  }
}
