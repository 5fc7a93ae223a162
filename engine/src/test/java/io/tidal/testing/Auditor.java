package io.tidal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scans a database directory the way an auditor checking an erasure would: every byte of every
 * file under it (WAL segments, {@code data.mv}, the lock file, leftovers), for markers.
 *
 * <p>What counts as holding a marker: any {@value #FRAGMENT}-byte slice of its UTF-8 bytes (how
 * tidal stores keys and strings), so that a store that split the marker (a page boundary, a
 * chunked encoding, a length prefix in the middle) cannot hide it, and likewise of its UTF-16 bytes
 * in either order (in case some layer serialised a Java string). Markers must therefore be unique
 * in all their slices: {@link #marker} makes such markers. One pass per file finds every marker of
 * a set (a hash of each 12-byte window, then a byte comparison). A test should also check the
 * positive control ({@link #filesHolding} finds the whole marker before the erasure), so a scan
 * that could never see it does not pass silently.
 */
public final class Auditor {
  /** Length of the slices searched for. */
  public static final int FRAGMENT = 12;

  private Auditor() {}

  /** A marker unique in every {@value #FRAGMENT}-byte slice: a short prefix and 32 random hex digits. */
  public static String marker(String prefix, java.util.Random rnd) {
    if (prefix.length() > 6) {
      throw new IllegalArgumentException(
          "a prefix over 6 characters would make slices shared by markers");
    }
    StringBuilder sb = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 32; i++) {
      sb.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** One place a marker (a slice of it) was found. */
  public record Finding(Path file, long offset, String marker, String what) {
    @Override
    public String toString() {
      return file + "@" + offset + " (" + marker + ", " + what + ")";
    }
  }

  /** The first occurrence of each marker (see the class comment) in each file under {@code dir}. */
  public static List<Finding> find(Path dir, Collection<String> markers) {
    Map<Long, List<Slice>> index = index(markers);
    List<Finding> out = new ArrayList<>();
    for (Path f : files(dir)) {
      byte[] b = read(f);
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i + FRAGMENT <= b.length; i++) {
        List<Slice> candidates = index.get(key(b, i));
        if (candidates == null) {
          continue;
        }
        for (Slice s : candidates) {
          if (!seen.contains(s.marker) && Arrays.equals(b, i, i + FRAGMENT, s.bytes, 0, FRAGMENT)) {
            seen.add(s.marker);
            out.add(new Finding(f, i, s.marker, s.what));
          }
        }
      }
    }
    return out;
  }

  /** The files under {@code dir} that hold the whole marker in UTF-8 (the positive control). */
  public static Set<Path> filesHolding(Path dir, String marker) {
    byte[] utf8 = marker.getBytes(StandardCharsets.UTF_8);
    Set<Path> out = new LinkedHashSet<>();
    for (Path f : files(dir)) {
      if (indexOf(read(f), utf8) >= 0) {
        out.add(dir.relativize(f));
      }
    }
    return out;
  }

  /** Fails naming every file and offset where {@code marker} (a slice of it) remains. */
  public static void assertNoFileHolds(Path dir, String marker) {
    assertNoFileHoldsAny(dir, List.of(marker));
  }

  /** Fails naming every file, offset and marker where one of {@code markers} remains. */
  public static void assertNoFileHoldsAny(Path dir, Collection<String> markers) {
    List<Finding> found = find(dir, markers);
    if (!found.isEmpty()) {
      throw new AssertionError(
          "erased markers still in the database files: " + found + " (files: " + files(dir) + ")");
    }
  }

  /** Every regular file under {@code dir}, recursively, sorted. */
  public static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("auditor cannot list " + dir, e);
    }
  }

  private record Slice(String marker, byte[] bytes, String what) {}

  private static Map<Long, List<Slice>> index(Collection<String> markers) {
    Map<Long, List<Slice>> index = new HashMap<>();
    for (String m : markers) {
      for (Charset cs :
          List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
        byte[] enc = m.getBytes(cs);
        if (enc.length < FRAGMENT) {
          throw new IllegalArgumentException("marker shorter than " + FRAGMENT + " bytes: " + m);
        }
        for (int i = 0; i + FRAGMENT <= enc.length; i++) {
          byte[] slice = Arrays.copyOfRange(enc, i, i + FRAGMENT);
          index
              .computeIfAbsent(key(slice, 0), k -> new ArrayList<>(1))
              .add(
                  new Slice(
                      m,
                      slice,
                      cs.name().toLowerCase(java.util.Locale.ROOT)
                          + " bytes "
                          + i
                          + ".."
                          + (i + FRAGMENT - 1)));
        }
      }
    }
    return index;
  }

  /** A hash of the {@value #FRAGMENT} bytes at {@code at}. */
  private static long key(byte[] b, int at) {
    long h = 0;
    for (int i = 0; i < FRAGMENT; i++) {
      h = h * 1_000_003L + b[at + i];
    }
    return h;
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException("auditor cannot read " + f, e);
    }
  }

  /** First index of {@code needle} in {@code hay}, or -1. */
  static long indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
