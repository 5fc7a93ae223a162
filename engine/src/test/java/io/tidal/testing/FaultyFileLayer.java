package io.tidal.testing;

import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A {@link FileLayer} over the real file system that can simulate a power loss and inject I/O
 * errors (reliability.md, "Fault-injecting file layer"; models: H2 {@code FilePathReorderWrites},
 * RocksDB {@code FaultInjectionTestFS}, Lucene {@code MockDirectoryWrapper}).
 *
 * <p>Design: data goes to the real files at once (the "page cache"). Per file written through this
 * layer it also keeps the durable image (content at the last {@code force}) and the writes and
 * truncations since; per directory, the entries created or deleted since its last
 * {@link #syncDirectory}. {@link #powerLoss} stops every open channel (later operations on them
 * throw), then rewrites each file as the durable image plus a seeded, damaged selection of the
 * unsynced operations (none, all, a prefix with a partial last write, a random subset, or a prefix
 * with 512 B-4 KiB of zeros or garbage inside the unsynced bytes), removes files whose creation was
 * not made durable, and restores files whose deletion was not. Bytes that were fsync'd are never
 * touched. Operations are counted (every layer call and every channel write, force, truncate and
 * read); {@link #failAt} makes operation N throw an {@link IOException} once or forever, and
 * {@link #crashAt} makes operation N and everything after it throw until {@link #powerLoss}.
 *
 * <p>Real fsyncs are skipped: durability is what this layer models, and tests stay fast.
 * Thread-safe: every operation holds one lock. Instances are independent (no global state).
 */
public final class FaultyFileLayer implements FileLayer {

  /** What a power loss does to the operations since a file's last fsync. */
  public enum Damage {
    DROP_ALL,
    KEEP_ALL,
    PREFIX,
    SUBSET,
    GARBLE
  }

  private final FileLayer real = FileLayer.system();
  private final Object mu = new Object();
  private final Map<Path, Tracked> files = new HashMap<>();
  private final Set<Path> createdUnsynced = new LinkedHashSet<>();
  private final Map<Path, byte[]> deletedUnsynced = new LinkedHashMap<>();
  private long ops;
  private long failAt = -1;
  private boolean failForever;
  private long crashAt = -1;
  private boolean crashed;
  private int generation;
  private long injected;

  /** A pending (unsynced) write or truncation. */
  private record Op(long position, byte[] data, long truncateTo) {}

  /** A file written through this layer: its durable image and the operations since. */
  private static final class Tracked {
    private byte[] buf;
    private int len;
    final List<Op> pending = new ArrayList<>();

    Tracked(byte[] durable) {
      this.buf = durable;
      this.len = durable.length;
    }

    byte[] durable() {
      return Arrays.copyOf(buf, len);
    }

    void setDurable(byte[] image) {
      buf = image;
      len = image.length;
    }

    /** Makes the pending operations durable (an fsync). */
    void sync() {
      for (Op op : pending) {
        if (op.data() == null) {
          len = (int) Math.min(len, op.truncateTo());
          continue;
        }
        int end = (int) op.position() + op.data().length;
        if (end > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(end, buf.length * 2));
        }
        if (op.position() > len) {
          Arrays.fill(buf, len, (int) op.position(), (byte) 0);
        }
        System.arraycopy(op.data(), 0, buf, (int) op.position(), op.data().length);
        len = Math.max(len, end);
      }
      pending.clear();
    }
  }

  /** Operations counted so far. */
  public long operations() {
    synchronized (mu) {
      return ops;
    }
  }

  /** How many failures were injected so far (each failing operation counts once). */
  public long injectedFailures() {
    synchronized (mu) {
      return injected;
    }
  }

  /** Operation number {@code n} (counted from the layer's creation) throws; with {@code forever}, every later one too. */
  public void failAt(long n, boolean forever) {
    synchronized (mu) {
      failAt = n;
      failForever = forever;
    }
  }

  /** Operation {@code n} and every later one throw, as if the machine lost power then. */
  public void crashAt(long n) {
    synchronized (mu) {
      crashAt = n;
    }
  }

  /** Disarms {@link #failAt} and {@link #crashAt}. */
  public void clearFaults() {
    synchronized (mu) {
      failAt = -1;
      crashAt = -1;
      failForever = false;
    }
  }

  /** Whether a crash has stopped the layer (until {@link #powerLoss}). */
  public boolean crashed() {
    synchronized (mu) {
      return crashed;
    }
  }

  /** A power loss with a damage mode drawn from {@code rnd} per file. */
  public void powerLoss(Random rnd) {
    powerLoss(rnd, null);
  }

  /**
   * Simulates a power loss now: open channels die, unsynced data is damaged as {@code mode} says
   * (null = drawn per file), unsynced directory changes are undone. Afterwards the layer works
   * again with no fault armed, like a rebooted machine.
   */
  public void powerLoss(Random rnd, Damage mode) {
    synchronized (mu) {
      generation++;
      try {
        for (Map.Entry<Path, Tracked> e : files.entrySet()) {
          if (!createdUnsynced.contains(e.getKey()) && Files.exists(e.getKey())) {
            Damage d = mode != null ? mode : Damage.values()[rnd.nextInt(Damage.values().length)];
            byte[] image = damage(e.getValue(), d, rnd);
            Files.write(e.getKey(), image);
            e.getValue().setDurable(image);
            e.getValue().pending.clear();
          }
        }
        for (Path p : createdUnsynced) {
          Files.deleteIfExists(p);
          files.remove(p);
        }
        for (Map.Entry<Path, byte[]> e : deletedUnsynced.entrySet()) {
          Files.write(e.getKey(), e.getValue());
          files.put(e.getKey(), new Tracked(e.getValue()));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot simulate the power loss", e);
      }
      createdUnsynced.clear();
      deletedUnsynced.clear();
      crashed = false;
      failAt = -1;
      crashAt = -1;
      failForever = false;
    }
  }

  private static byte[] damage(Tracked t, Damage d, Random rnd) {
    List<Op> ops = t.pending;
    byte[] image = t.durable();
    switch (d) {
      case DROP_ALL:
        return image;
      case KEEP_ALL:
        for (Op op : ops) {
          image = apply(image, op, Integer.MAX_VALUE);
        }
        return image;
      case SUBSET:
        for (Op op : ops) {
          if (rnd.nextBoolean()) {
            image = apply(image, op, Integer.MAX_VALUE);
          }
        }
        return image;
      default:
        if (ops.isEmpty()) {
          return image;
        }
        int k = rnd.nextInt(ops.size());
        for (int i = 0; i < k; i++) {
          image = apply(image, ops.get(i), Integer.MAX_VALUE);
        }
        Op last = ops.get(k);
        image =
            apply(
                image,
                last,
                last.data() == null ? Integer.MAX_VALUE : rnd.nextInt(last.data().length + 1));
        if (d == Damage.GARBLE) {
          image = garble(image, ops.subList(0, k + 1), rnd);
        }
        return image;
    }
  }

  private static byte[] apply(byte[] image, Op op, int bytes) {
    if (op.data() == null) {
      return op.truncateTo() < image.length ? Arrays.copyOf(image, (int) op.truncateTo()) : image;
    }
    int n = Math.min(bytes, op.data().length);
    int end = (int) op.position() + n;
    byte[] out = end > image.length ? Arrays.copyOf(image, end) : image;
    System.arraycopy(op.data(), 0, out, (int) op.position(), n);
    return out;
  }

  /** Zeros or randomises 512 B-4 KiB inside the bytes one of the applied writes covered. */
  private static byte[] garble(byte[] image, List<Op> applied, Random rnd) {
    List<Op> writes =
        applied.stream().filter(o -> o.data() != null && o.data().length > 0).toList();
    if (writes.isEmpty()) {
      return image;
    }
    Op w = writes.get(rnd.nextInt(writes.size()));
    int from = (int) w.position() + rnd.nextInt(w.data().length);
    int to =
        Math.min(
            Math.min(image.length, (int) w.position() + w.data().length),
            from + 512 + rnd.nextInt(3585));
    boolean zeros = rnd.nextBoolean();
    for (int i = from; i < to; i++) {
      image[i] = zeros ? 0 : (byte) rnd.nextInt(256);
    }
    return image;
  }

  // ---- the FileLayer ----

  @Override
  public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
    synchronized (mu) {
      tick("open " + path);
      boolean writes =
          options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
      boolean existed = Files.exists(path);
      FileChannel ch = real.open(path, options);
      if (writes) {
        if (!existed) {
          createdUnsynced.add(path);
          deletedUnsynced.remove(path);
          files.put(path, new Tracked(new byte[0]));
        } else if (!files.containsKey(path)) {
          files.put(path, new Tracked(Files.readAllBytes(path)));
        }
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING) && existed) {
          files.get(path).pending.add(new Op(0, null, 0));
        }
      }
      return new FaultyChannel(
          this, path, ch, generation, options.contains(StandardOpenOption.APPEND));
    }
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    synchronized (mu) {
      tick("createDirectories " + dir);
      real.createDirectories(dir);
    }
  }

  @Override
  public void move(Path from, Path to) throws IOException {
    synchronized (mu) {
      tick("move " + from + " -> " + to);
      if (Files.isDirectory(from)) { // a directory (a backup's): only its entry is tracked
        real.move(from, to);
        createdUnsynced.add(to);
        return;
      }
      if (Files.exists(to)) {
        recordDeletion(to);
      }
      real.move(from, to);
      recordDeletion(from);
      createdUnsynced.add(to);
      // The content moves with the file (as if fsync'd); only the directory entry is unsynced.
      files.put(to, new Tracked(Files.readAllBytes(to)));
    }
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    synchronized (mu) {
      tick("delete " + path);
      if (Files.exists(path) && !Files.isDirectory(path)) {
        recordDeletion(path);
      }
      real.deleteIfExists(path);
    }
  }

  private void recordDeletion(Path path) throws IOException {
    if (createdUnsynced.remove(path)) {
      files.remove(path);
      return;
    }
    deletedUnsynced.putIfAbsent(path, durableImage(path));
    files.remove(path);
  }

  private byte[] durableImage(Path path) throws IOException {
    Tracked t = files.get(path);
    return t != null ? t.durable() : Files.readAllBytes(path);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    synchronized (mu) {
      tick("list " + dir);
      return real.list(dir);
    }
  }

  @Override
  public boolean exists(Path path) {
    return real.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    synchronized (mu) {
      tick("size " + path);
      return real.size(path);
    }
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    synchronized (mu) {
      tick("syncDirectory " + dir);
      // Modelled, not performed (see FaultyChannel.force).
      createdUnsynced.removeIf(p -> dir.equals(p.getParent()));
      deletedUnsynced.keySet().removeIf(p -> dir.equals(p.getParent()));
    }
  }

  // ---- used by FaultyChannel, under mu ----

  Object lock() {
    return mu;
  }

  /** Counts one operation and throws if a fault is armed for it or the layer has crashed. */
  void tick(String what) throws IOException {
    ops++;
    if (crashed) {
      throw new IOException("simulated power loss: " + what + " [op=" + ops + "]");
    }
    if (crashAt > 0 && ops >= crashAt) {
      crashed = true;
      injected++;
      throw new IOException("simulated power loss: " + what + " [op=" + ops + "]");
    }
    if (failAt > 0 && (ops == failAt || (failForever && ops > failAt))) {
      injected++;
      throw new IOException("injected I/O error: " + what + " [op=" + ops + "]");
    }
  }

  void checkAlive(int channelGeneration, Path path) throws IOException {
    if (channelGeneration != generation) {
      throw new IOException("channel lost in a simulated power loss [path=" + path + "]");
    }
  }

  void recordWrite(Path path, long position, byte[] data) {
    Tracked t = files.get(path);
    if (t != null) {
      t.pending.add(new Op(position, data, -1));
    }
  }

  void recordTruncate(Path path, long size) {
    Tracked t = files.get(path);
    if (t != null) {
      t.pending.add(new Op(-1, null, size));
    }
  }

  void recordForce(Path path) {
    Tracked t = files.get(path);
    if (t != null) {
      t.sync();
    }
  }
}
