package io.tidal.engine.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Puts and deletes over any keyspaces of one {@link StorageEngine}, applied together by
 * {@link StorageEngine#write}: atomically (all or nothing after a crash) and in the order added (a
 * later operation on the same key wins). Arrays are copied when added. Not thread-safe; reusable
 * after {@link #clear()}.
 */
public final class WriteBatch {
  /** One operation; {@code value == null} means delete. */
  record Op(Keyspace keyspace, byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();

  public WriteBatch put(Keyspace keyspace, byte[] key, byte[] value) {
    Objects.requireNonNull(keyspace, "keyspace");
    ops.add(
        new Op(
            keyspace,
            Objects.requireNonNull(key, "key").clone(),
            Objects.requireNonNull(value, "value").clone()));
    return this;
  }

  public WriteBatch delete(Keyspace keyspace, byte[] key) {
    Objects.requireNonNull(keyspace, "keyspace");
    ops.add(new Op(keyspace, Objects.requireNonNull(key, "key").clone(), null));
    return this;
  }

  /** The number of operations added. */
  public int size() {
    return ops.size();
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  public void clear() {
    ops.clear();
  }

  List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }
}
