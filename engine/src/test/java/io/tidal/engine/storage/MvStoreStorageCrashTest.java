package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.schema.EntityId;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a child JVM that writes through {@link MvStoreStorage}: what a flush acknowledged
 * survives, and a batch is either wholly present or wholly absent.
 */
class MvStoreStorageCrashTest {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void kill9_afterDurableFlush_reopenFindsAllFlushedKeys() throws Exception {
    Path dir = tmp.resolve("db");
    int n = 5000;
    try (ChildJvm child = ChildJvm.start("put-flush-wait", dir.toString(), Integer.toString(n))) {
      assertThat(child.awaitLine(l -> l.startsWith("flushed"))).isEqualTo("flushed " + n);
      child.kill();
    }
    try (MvStoreStorage storage = MvStoreStorage.open(dir)) {
      Keyspace ks = storage.keyspace("t.items");
      assertThat(ks.size()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(ks.get(Bytes.u64(i))).as("key %d", i).isEqualTo(Bytes.u64(i * 31L));
      }
    }
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void kill9_amidBatches_losesOnlyWholeUnflushedBatches() throws Exception {
    Random rnd = new Random(Seeds.seed("MvStoreStorageCrashTest.amidBatches"));
    for (int run = 0; run < Seeds.tries(2); run++) {
      boolean durable = run % 2 == 0;
      Path dir = tmp.resolve("db" + run);
      long target = 20 + rnd.nextInt(400);
      long acked;
      try (ChildJvm child = ChildJvm.start("batches", dir.toString(), Boolean.toString(durable))) {
        acked =
            flushedCount(
                child.awaitLine(l -> l.startsWith("flushed") && flushedCount(l) >= target));
        for (String line : child.kill()) {
          acked = Math.max(acked, flushedCount(line));
        }
      }
      checkWholeBatches(dir, acked);
    }
  }

  /** Every keyspace holds exactly batches [0, P) in full, P a flush boundary, P >= acked. */
  private static void checkWholeBatches(Path dir, long acked) {
    try (MvStoreStorage storage = MvStoreStorage.open(dir)) {
      long present = -1;
      for (String name : StorageChild.KEYSPACES) {
        TreeMap<Long, Integer> keysPerBatch = new TreeMap<>();
        for (Iterator<KeyValue> it = storage.keyspace(name).scan(null, null); it.hasNext(); ) {
          KeyValue kv = it.next();
          long batch = EntityId.fromBytes(kv.key(), 0).bits();
          assertThat(kv.value()).isEqualTo(Bytes.u64(batch));
          keysPerBatch.merge(batch, 1, Integer::sum);
        }
        assertThat(keysPerBatch.values())
            .as("keys per batch in %s", name)
            .allMatch(c -> c == StorageChild.KEYS_PER_KEYSPACE);
        long count = keysPerBatch.size();
        assertThat(keysPerBatch.isEmpty() ? -1 : keysPerBatch.lastKey())
            .as("batches form a prefix")
            .isEqualTo(count - 1);
        if (present >= 0) {
          assertThat(count).as("same batches in every keyspace").isEqualTo(present);
        }
        present = count;
      }
      assertThat(present).as("acknowledged batches survive").isGreaterThanOrEqualTo(acked);
      assertThat(present % StorageChild.FLUSH_EVERY).as("no unflushed batch was written").isZero();
    }
  }

  private static long flushedCount(String line) {
    List<String> parts = List.of(line.split(" "));
    return parts.size() == 2 && parts.get(0).equals("flushed") ? Long.parseLong(parts.get(1)) : -1;
  }
}
