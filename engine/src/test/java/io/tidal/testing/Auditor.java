package io.tidal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scans a database directory the way an auditor checking an erasure would: every byte of every
 * file under it (WAL segments, {@code data.mv}, the lock file, leftovers), for a marker.
 *
 * <p>What counts as holding the marker: its UTF-8 bytes (how tidal stores keys and strings), its
 * UTF-16 bytes in either order (in case some layer serialised a Java string), and, so that a store
 * that split the marker (a page boundary, a chunked encoding) cannot hide it, any
 * {@value #FRAGMENT}-byte slice of its UTF-8 bytes. Markers should therefore be unique in all their
 * slices: {@link #marker} makes such markers. A test should also check the positive control
 * ({@link #filesHolding} finds the marker before the erasure), so a scan that could never see it
 * does not pass silently.
 */
public final class Auditor {
  /** Length of the UTF-8 slices searched for besides the whole marker. */
  public static final int FRAGMENT = 12;

  private Auditor() {}

  /** A marker unique in every {@value #FRAGMENT}-byte slice: a prefix and 32 random hex digits. */
  public static String marker(String prefix, java.util.Random rnd) {
    if (prefix.length() > 6) {
      throw new IllegalArgumentException("a prefix over 6 characters would make slices shared by markers");
    }
    StringBuilder sb = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 32; i++) {
      sb.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** One place a marker (or a slice of it) was found. */
  public record Finding(Path file, long offset, String what) {
    @Override
    public String toString() {
      return file + "@" + offset + " (" + what + ")";
    }
  }

  /** Every occurrence of {@code marker} (see the class comment) in the files under {@code dir}. */
  public static List<Finding> find(Path dir, String marker) {
    List<Pattern> patterns = patterns(marker);
    List<Finding> out = new ArrayList<>();
    for (Path f : files(dir)) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(f);
      } catch (IOException e) {
        throw new UncheckedIOException("auditor cannot read " + f, e);
      }
      for (Pattern p : patterns) {
        long at = indexOf(bytes, p.bytes);
        if (at >= 0) {
          out.add(new Finding(f, at, p.what));
        }
      }
    }
    return out;
  }

  /** The files under {@code dir} that hold the whole marker in UTF-8 (the positive control). */
  public static Set<Path> filesHolding(Path dir, String marker) {
    Set<Path> out = new LinkedHashSet<>();
    for (Finding f : find(dir, marker)) {
      if (f.what().equals("utf-8")) {
        out.add(dir.relativize(f.file()));
      }
    }
    return out;
  }

  /** Fails naming every file and offset where {@code marker} (or a slice of it) remains. */
  public static void assertNoFileHolds(Path dir, String marker) {
    List<Finding> found = find(dir, marker);
    if (!found.isEmpty()) {
      throw new AssertionError("erased marker " + marker + " still in the database files: " + found
          + " (files: " + files(dir) + ")");
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

  private record Pattern(byte[] bytes, String what) {}

  private static List<Pattern> patterns(String marker) {
    List<Pattern> out = new ArrayList<>();
    byte[] utf8 = marker.getBytes(StandardCharsets.UTF_8);
    out.add(new Pattern(utf8, "utf-8"));
    out.add(new Pattern(marker.getBytes(StandardCharsets.UTF_16BE), "utf-16be"));
    out.add(new Pattern(marker.getBytes(StandardCharsets.UTF_16LE), "utf-16le"));
    for (int i = 0; i + FRAGMENT <= utf8.length; i++) {
      byte[] slice = java.util.Arrays.copyOfRange(utf8, i, i + FRAGMENT);
      out.add(new Pattern(slice, "utf-8 bytes " + i + ".." + (i + FRAGMENT - 1)));
    }
    return out;
  }

  /** First index of {@code needle} in {@code hay}, or -1. */
  static long indexOf(byte[] hay, byte[] needle) {
    if (needle.length == 0) {
      return 0;
    }
    byte first = needle[0];
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (hay[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
