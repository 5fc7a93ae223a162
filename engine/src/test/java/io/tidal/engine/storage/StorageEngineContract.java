package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StorageEngine} backend must show; one subclass per backend supplies the
 * fixture. The randomised model test compares the backend with a plain {@link TreeMap} per keyspace
 * (unsigned comparator), with reopen as one of the operations.
 */
abstract class StorageEngineContract {
  protected StorageEngine storage;

  /** A fresh, empty engine. */
  protected abstract StorageEngine open();

  /** Closes {@code old} and opens the same database again (the in-memory backend returns it as is). */
  protected abstract StorageEngine reopen(StorageEngine old);

  @BeforeEach
  void openStorage() {
    storage = open();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static List<KeyValue> drain(Iterator<KeyValue> it) {
    List<KeyValue> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  static List<KeyValue> entries(NavigableMap<byte[], byte[]> m) {
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
      out.add(new KeyValue(e.getKey(), e.getValue()));
    }
    return out;
  }

  @Test
  void get_absentKey_isNull() {
    assertThat(storage.keyspace("items").get(b(1))).isNull();
  }

  @Test
  void put_thenGet_returnsValue_andOverwriteReplaces() {
    Keyspace ks = storage.keyspace("items");
    ks.put(b(1, 2), b(9));
    assertThat(ks.get(b(1, 2))).containsExactly(9);
    ks.put(b(1, 2), b(8, 8));
    assertThat(ks.get(b(1, 2))).containsExactly(8, 8);
    assertThat(ks.size()).isEqualTo(1);
  }

  @Test
  void put_emptyKeyAndValue_areStored() {
    Keyspace ks = storage.keyspace("sys.catalog");
    ks.put(new byte[0], new byte[0]);
    assertThat(ks.get(new byte[0])).isEmpty();
  }

  @Test
  void delete_reportsWhetherPresent() {
    Keyspace ks = storage.keyspace("items");
    ks.put(b(1), b(1));
    assertThat(ks.delete(b(1))).isTrue();
    assertThat(ks.delete(b(1))).isFalse();
    assertThat(ks.get(b(1))).isNull();
  }

  @Test
  void arrays_areCopiedInAndOut() {
    Keyspace ks = storage.keyspace("items");
    byte[] key = b(1);
    byte[] value = b(5);
    ks.put(key, value);
    key[0] = 2;
    value[0] = 6;
    byte[] read = ks.get(b(1));
    assertThat(read).containsExactly(5);
    read[0] = 7;
    assertThat(ks.get(b(1))).containsExactly(5);
    assertThat(ks.get(b(2))).isNull();
  }

  @Test
  void scan_ordersKeysUnsigned_andHonoursHalfOpenRange() {
    Keyspace ks = storage.keyspace("items");
    byte[][] keys = {
      b(), b(0x00), b(0x01), b(0x7F), b(0x80), b(0xFF), b(0xFF, 0x00), b(0x01, 0x02)
    };
    for (byte[] k : keys) {
      ks.put(k, k);
    }
    assertThat(drain(ks.scan(null, null)))
        .extracting(kv -> Bytes.hex(kv.key()))
        .containsExactly("", "00", "01", "0102", "7f", "80", "ff", "ff00");
    assertThat(drain(ks.scan(b(0x01), b(0x80))))
        .extracting(kv -> Bytes.hex(kv.key()))
        .containsExactly("01", "0102", "7f");
    assertThat(drain(ks.scan(b(0x80), null)))
        .extracting(kv -> Bytes.hex(kv.key()))
        .containsExactly("80", "ff", "ff00");
    assertThat(drain(ks.scan(null, b(0x01))))
        .extracting(kv -> Bytes.hex(kv.key()))
        .containsExactly("", "00");
    assertThat(drain(ks.scan(b(0x80), b(0x80)))).isEmpty();
    assertThat(drain(ks.scan(b(0xFF), b(0x01)))).isEmpty();
  }

  @Test
  void scanDescending_isReverseOfScan() {
    Keyspace ks = storage.keyspace("items");
    for (int i = 0; i < 20; i++) {
      ks.put(b(i * 13), b(i));
    }
    List<KeyValue> asc = drain(ks.scan(b(20), b(200)));
    List<KeyValue> desc = drain(ks.scanDescending(b(20), b(200)));
    Collections.reverse(asc);
    assertThat(desc).containsExactlyElementsOf(asc);
    assertThat(drain(ks.scanDescending(null, null)))
        .hasSize(20)
        .first()
        .extracting(kv -> kv.key()[0] & 0xFF)
        .isEqualTo(19 * 13);
    assertThat(drain(ks.scanDescending(b(26), b(26)))).isEmpty();
  }

  @Test
  void scanPrefix_includesAllKeysWithPrefix_evenAtFF() {
    Keyspace ks = storage.keyspace("items");
    ks.put(b(0xFF), b(1));
    ks.put(b(0xFF, 0xFF), b(2));
    ks.put(b(0xFF, 0xFF, 0x00), b(3));
    ks.put(b(0xFE, 0xFF), b(4));
    ks.put(b(0xFF, 0xFE), b(5));
    assertThat(drain(ks.scanPrefix(b(0xFF, 0xFF))))
        .extracting(kv -> kv.value()[0])
        .containsExactly((byte) 2, (byte) 3);
    assertThat(drain(ks.scanPrefix(b(0xFF)))).hasSize(4);
    assertThat(drain(ks.scanPrefix(b()))).hasSize(5);
  }

  @Test
  void keyspaces_areIsolated() {
    Keyspace a = storage.keyspace("t.items");
    Keyspace c = storage.keyspace("t.users");
    a.put(b(1), b(1));
    c.put(b(1), b(2));
    assertThat(a.get(b(1))).containsExactly(1);
    assertThat(c.get(b(1))).containsExactly(2);
    assertThat(drain(a.scan(null, null))).hasSize(1);
    assertThat(storage.keyspace("t.items")).isSameAs(a);
    assertThat(storage.keyspaceNames()).containsExactly("t.items", "t.users");
  }

  @Test
  void keyspace_badName_failsNamingIt() {
    for (String bad : new String[] {"", "_x", "a b", "a/b", "x".repeat(129), "é"}) {
      assertThatThrownBy(() -> storage.keyspace(bad))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("'" + bad.substring(0, Math.min(bad.length(), 200)))
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.INVALID_NAME);
    }
    assertThatThrownBy(() -> storage.keyspace(null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("NULL");
    assertThat(storage.keyspace("x".repeat(128)).name()).hasSize(128);
    assertThat(storage.keyspace("Sys:dict-2.v1").name()).isEqualTo("Sys:dict-2.v1");
  }

  @Test
  void dropKeyspace_removesData_andInvalidatesHandle() {
    Keyspace ks = storage.keyspace("t.items");
    ks.put(b(1), b(1));
    assertThat(storage.dropKeyspace("t.items")).isTrue();
    assertThat(storage.dropKeyspace("t.items")).isFalse();
    assertThat(storage.hasKeyspace("t.items")).isFalse();
    assertThatThrownBy(() -> ks.get(b(1)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("t.items")
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.UNKNOWN_TABLE);
    assertThatThrownBy(() -> ks.put(b(1), b(1))).isInstanceOf(StorageException.class);
    Keyspace again = storage.keyspace("t.items");
    assertThat(again.get(b(1))).isNull();
    assertThat(again.size()).isZero();
  }

  @Test
  void write_appliesBatchAcrossKeyspaces_inOrder() {
    Keyspace a = storage.keyspace("a");
    Keyspace c = storage.keyspace("c");
    a.put(b(9), b(9));
    WriteBatch batch =
        new WriteBatch()
            .put(a, b(1), b(1))
            .put(c, b(1), b(2))
            .put(a, b(1), b(3))
            .delete(a, b(9))
            .put(c, b(2), b(4))
            .delete(c, b(2));
    storage.write(batch);
    assertThat(a.get(b(1))).containsExactly(3);
    assertThat(a.get(b(9))).isNull();
    assertThat(c.get(b(1))).containsExactly(2);
    assertThat(c.get(b(2))).isNull();
    storage.write(new WriteBatch());
  }

  @Test
  void write_batchWithDroppedKeyspace_appliesNothing() {
    Keyspace a = storage.keyspace("a");
    Keyspace gone = storage.keyspace("gone");
    storage.dropKeyspace("gone");
    WriteBatch batch = new WriteBatch().put(a, b(1), b(1)).put(gone, b(1), b(1));
    assertThatThrownBy(() -> storage.write(batch))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("gone");
    assertThat(a.get(b(1))).isNull();
  }

  @Test
  void write_keyspaceOfAnotherEngine_isRejected() {
    try (InMemoryStorage other = new InMemoryStorage()) {
      Keyspace foreign = other.keyspace("items");
      Keyspace mine = storage.keyspace("items");
      WriteBatch batch = new WriteBatch().put(mine, b(1), b(1)).put(foreign, b(1), b(1));
      assertThatThrownBy(() -> storage.write(batch))
          .isInstanceOf(StorageException.class)
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(mine.get(b(1))).isNull();
    }
  }

  @Test
  void close_makesEveryCallFailWithClosed_andIsIdempotent() {
    Keyspace ks = storage.keyspace("items");
    storage.close();
    storage.close();
    assertThatThrownBy(() -> ks.get(b(1)))
        .isInstanceOf(StorageException.class)
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.CLOSED);
    assertThatThrownBy(() -> storage.keyspace("items"))
        .isInstanceOf(StorageException.class)
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.CLOSED);
    assertThatThrownBy(() -> storage.write(new WriteBatch().put(ks, b(1), b(1))))
        .isInstanceOf(StorageException.class);
  }

  @Test
  void reopen_afterFlush_keepsKeyspacesAndData() {
    Keyspace ks = storage.keyspace("t.items");
    ks.put(b(1), b(2));
    storage.keyspace("sys.empty");
    storage.dropKeyspace("sys.none");
    storage.flush(true);
    storage = reopen(storage);
    assertThat(storage.keyspaceNames()).contains("t.items", "sys.empty");
    assertThat(storage.keyspace("t.items").get(b(1))).containsExactly(2);
  }

  /**
   * Writers applying batches, a flusher and scanning readers at once: afterwards (and after a
   * reopen) every batch is present in full, and every scan a reader saw was strictly ascending.
   */
  @Test
  void concurrentBatchesFlushesAndScans_loseNothing() throws Exception {
    int writers = 4;
    int batches = 150;
    Keyspace[] ks = {
      storage.keyspace("t.items"), storage.keyspace("t.users"), storage.keyspace("sys.ledger")
    };
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < batches; i++) {
                    WriteBatch batch = new WriteBatch();
                    for (Keyspace k : ks) {
                      batch
                          .put(k, b(writer, i >> 8, i & 0xFF, 0), b(i))
                          .put(k, b(writer, i >> 8, i & 0xFF, 1), b(i));
                    }
                    storage.write(batch);
                  }
                  return null;
                }));
      }
      Future<?> flusher =
          pool.submit(
              () -> {
                start.await();
                for (int n = 1; writing.get(); n++) {
                  if (n % 40 == 0) {
                    storage.scrub(); // swaps the files under the readers' running scans
                  } else {
                    storage.flush(false);
                  }
                }
                return null;
              });
      Future<?> reader =
          pool.submit(
              () -> {
                start.await();
                while (writing.get()) {
                  byte[] last = null;
                  for (Iterator<KeyValue> it = ks[1].scan(null, null); it.hasNext(); ) {
                    byte[] key = it.next().key();
                    assertThat(last == null || StorageEngine.KEY_ORDER.compare(last, key) < 0)
                        .isTrue();
                    last = key;
                  }
                }
                return null;
              });
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      writing.set(false);
      flusher.get();
      reader.get();
    } finally {
      pool.shutdownNow();
    }
    storage = reopen(storage);
    for (String name : new String[] {"t.items", "t.users", "sys.ledger"}) {
      assertThat(storage.keyspace(name).size()).as(name).isEqualTo(writers * batches * 2L);
    }
  }

  /** A scan started before a scrub goes on after it, from its last key, in both directions. */
  @Test
  void scrub_duringScans_scansContinueAfterTheirLastKey() {
    Keyspace ks = storage.keyspace("t.items");
    for (int i = 0; i < 100; i++) {
      ks.put(b(i), b(i, i));
    }
    Iterator<KeyValue> up = ks.scan(null, null);
    Iterator<KeyValue> down = ks.scanDescending(null, null);
    List<Integer> seenUp = new ArrayList<>();
    List<Integer> seenDown = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      seenUp.add(up.next().key()[0] & 0xFF);
      seenDown.add(down.next().key()[0] & 0xFF);
    }
    storage.scrub();
    up.forEachRemaining(kv -> seenUp.add(kv.key()[0] & 0xFF));
    down.forEachRemaining(kv -> seenDown.add(kv.key()[0] & 0xFF));
    assertThat(seenUp).hasSize(100).isSorted();
    assertThat(seenDown).hasSize(100).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(ks.get(b(42))).isEqualTo(b(42, 42));
    storage = reopen(storage);
    assertThat(storage.keyspace("t.items").size())
        .as("unflushed writes are durable after a scrub")
        .isEqualTo(100);
  }

  /**
   * Random puts, deletes, batches, drops, scans, flushes, scrubs and reopens against a TreeMap per
   * keyspace.
   */
  @Test
  void randomOperations_matchTreeMapModel() {
    Random rnd = new Random(Seeds.seed(getClass().getSimpleName() + ".randomOperations"));
    String[] names = {"t.items", "t.users", "sys.catalog"};
    Map<String, NavigableMap<byte[], byte[]>> model = new TreeMap<>();
    int ops = Seeds.tries(3000);
    for (int i = 0; i < ops; i++) {
      String name = names[rnd.nextInt(names.length)];
      NavigableMap<byte[], byte[]> m =
          model.computeIfAbsent(name, n -> new TreeMap<>(StorageEngine.KEY_ORDER));
      Keyspace ks = storage.keyspace(name);
      int op = rnd.nextInt(100);
      if (op < 40) {
        byte[] k = randomKey(rnd);
        byte[] v = randomKey(rnd);
        ks.put(k, v);
        m.put(k, v);
      } else if (op < 55) {
        byte[] k = randomKey(rnd);
        assertThat(ks.delete(k)).as("delete at op %d", i).isEqualTo(m.remove(k) != null);
      } else if (op < 65) {
        WriteBatch batch = new WriteBatch();
        for (int j = rnd.nextInt(6); j >= 0; j--) {
          String bn = names[rnd.nextInt(names.length)];
          NavigableMap<byte[], byte[]> bm =
              model.computeIfAbsent(bn, n -> new TreeMap<>(StorageEngine.KEY_ORDER));
          byte[] k = randomKey(rnd);
          if (rnd.nextInt(4) == 0) {
            batch.delete(storage.keyspace(bn), k);
            bm.remove(k);
          } else {
            batch.put(storage.keyspace(bn), k, k);
            bm.put(k, k);
          }
        }
        storage.write(batch);
      } else if (op < 80) {
        byte[] from = rnd.nextInt(5) == 0 ? null : randomKey(rnd);
        byte[] to = rnd.nextInt(5) == 0 ? null : randomKey(rnd);
        NavigableMap<byte[], byte[]> expected = subMap(m, from, to);
        if (rnd.nextBoolean()) {
          assertThat(drain(ks.scan(from, to))).as("scan at op %d", i).isEqualTo(entries(expected));
        } else {
          assertThat(drain(ks.scanDescending(from, to)))
              .as("descending scan at op %d", i)
              .isEqualTo(entries(expected.descendingMap()));
        }
      } else if (op < 88) {
        byte[] p = Arrays.copyOf(randomKey(rnd), rnd.nextInt(3));
        assertThat(drain(ks.scanPrefix(p)))
            .as("prefix scan at op %d", i)
            .isEqualTo(entries(subMap(m, p, Bytes.prefixEnd(p))));
      } else if (op < 93) {
        byte[] k = randomKey(rnd);
        assertThat(ks.get(k)).as("get at op %d", i).isEqualTo(m.get(k));
        assertThat(ks.size()).isEqualTo(m.size());
      } else if (op < 94) {
        storage.flush(rnd.nextBoolean());
      } else if (op < 95) {
        storage.scrub();
      } else if (op < 97) {
        storage.dropKeyspace(name);
        model.remove(name);
      } else {
        storage = reopen(storage);
      }
    }
    storage = reopen(storage);
    for (Map.Entry<String, NavigableMap<byte[], byte[]>> e : model.entrySet()) {
      assertThat(drain(storage.keyspace(e.getKey()).scan(null, null)))
          .as("final %s", e.getKey())
          .isEqualTo(entries(e.getValue()));
    }
  }

  /** Short keys over a small alphabet including 0x00, 0x7F, 0x80, 0xFF, so keys collide and nest. */
  static byte[] randomKey(Random rnd) {
    int[] alphabet = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
    byte[] k = new byte[rnd.nextInt(4)];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) alphabet[rnd.nextInt(alphabet.length)];
    }
    return k;
  }

  static NavigableMap<byte[], byte[]> subMap(
      NavigableMap<byte[], byte[]> m, byte[] from, byte[] to) {
    if (from != null && to != null) {
      return StorageEngine.KEY_ORDER.compare(from, to) >= 0
          ? new TreeMap<>(StorageEngine.KEY_ORDER)
          : m.subMap(from, true, to, false);
    }
    if (from != null) {
      return m.tailMap(from, true);
    }
    return to != null ? m.headMap(to, false) : m;
  }
}
