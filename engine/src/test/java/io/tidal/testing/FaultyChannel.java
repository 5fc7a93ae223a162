package io.tidal.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * The channel {@link FaultyFileLayer} hands out: delegates to a real channel, reports writes,
 * truncations and forces to the layer, and counts each operation for fault injection. Memory
 * mapping and transfers are not supported (the engine does not use them).
 */
final class FaultyChannel extends FileChannel {
  private final FaultyFileLayer layer;
  private final Path path;
  private final FileChannel real;
  private final int generation;
  private final boolean append;

  FaultyChannel(
      FaultyFileLayer layer, Path path, FileChannel real, int generation, boolean append) {
    this.layer = layer;
    this.path = path;
    this.real = real;
    this.generation = generation;
    this.append = append;
  }

  private void enter(String what) throws IOException {
    layer.checkAlive(generation, path);
    layer.tick(what + " " + path);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    synchronized (layer.lock()) {
      enter("read");
      return real.read(dst);
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    synchronized (layer.lock()) {
      enter("read");
      return real.read(dsts, offset, length);
    }
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    synchronized (layer.lock()) {
      enter("read");
      return real.read(dst, position);
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    synchronized (layer.lock()) {
      enter("write");
      long pos = append ? real.size() : real.position();
      byte[] data = copy(src);
      layer.recordWrite(path, pos, data);
      return real.write(ByteBuffer.wrap(data));
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += write(srcs[i]);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    synchronized (layer.lock()) {
      enter("write");
      byte[] data = copy(src);
      layer.recordWrite(path, position, data);
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        real.write(b, position + b.position());
      }
      return data.length;
    }
  }

  private static byte[] copy(ByteBuffer src) {
    byte[] data = new byte[src.remaining()];
    src.get(data);
    return data;
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    synchronized (layer.lock()) {
      layer.checkAlive(generation, path);
      return real.size();
    }
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    synchronized (layer.lock()) {
      enter("truncate");
      layer.recordTruncate(path, size);
      real.truncate(size);
      return this;
    }
  }

  @Override
  public void force(boolean metaData) throws IOException {
    synchronized (layer.lock()) {
      enter("force");
      // Durability is modelled by the layer; skipping the real fsync keeps crash tests fast.
      layer.recordForce(path);
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException("transferTo");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException("transferFrom");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("map");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return real.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return real.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
