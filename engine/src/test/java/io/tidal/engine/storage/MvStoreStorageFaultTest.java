package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.schema.EntityId;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real write failure: the child JVM runs under {@code ulimit -f}, so once {@code data.mv} reaches
 * the limit, MVStore's chunk write fails with EFBIG. The failed flush must report IO_ERROR naming
 * the file, poison the engine (every later call WRITE_PATH_FAILED, close still succeeds), and leave
 * the file at the last good flush.
 */
class MvStoreStorageFaultTest {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void failedFlush_poisonsEngine_andFileKeepsLastGoodFlush() throws Exception {
    Path dir = tmp.resolve("db");
    long acked = 0;
    String failure;
    String then;
    try (ChildJvm child = ChildJvm.startWithFileSizeLimit(2048, "fill", dir.toString())) {
      failure = child.awaitLine(l -> l.startsWith("failed") || l.startsWith("never"));
      then = child.awaitLine(l -> l.startsWith("then"));
      assertThat(child.finish()).isZero();
      for (String line : child.lines()) {
        if (line.startsWith("flushed ")) {
          acked = Math.max(acked, Long.parseLong(line.substring(8)));
        }
      }
    }
    assertThat(failure)
        .startsWith("failed IO_ERROR")
        .contains(dir.toRealPath().resolve("data.mv").toString());
    assertThat(then)
        .as("put, flush, get, close after the failure")
        .isEqualTo("then WRITE_PATH_FAILED WRITE_PATH_FAILED WRITE_PATH_FAILED OK");
    assertThat(acked).as("some flushes succeeded before the limit").isGreaterThan(5);

    try (MvStoreStorage storage = MvStoreStorage.open(dir)) {
      TreeMap<Long, Integer> keysPerBatch = new TreeMap<>();
      for (Iterator<KeyValue> it = storage.keyspace("t.items").scan(null, null); it.hasNext(); ) {
        keysPerBatch.merge(EntityId.fromBytes(it.next().key(), 0).bits(), 1, Integer::sum);
      }
      assertThat(keysPerBatch.values()).as("whole batches").allMatch(c -> c == 20);
      assertThat((long) keysPerBatch.size())
          .as("acknowledged flushes survive")
          .isGreaterThanOrEqualTo(acked);
      assertThat(keysPerBatch.lastKey()).isEqualTo(keysPerBatch.size() - 1L);
    }
  }
}
