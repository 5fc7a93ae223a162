package io.tidal.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor finds markers whole, split, in UTF-16 and in nested files, and nothing else. */
class AuditorTest {
  @TempDir Path dir;

  @Test
  void find_wholeSplitUtf16AndNested_butNotOtherMarkers() throws Exception {
    Random rnd = new Random(1);
    String whole = Auditor.marker("W", rnd);
    String split = Auditor.marker("S", rnd);
    String wide = Auditor.marker("U", rnd);
    String absent = Auditor.marker("A", rnd);
    byte[] s = split.getBytes(StandardCharsets.UTF_8);
    byte[] cut = new byte[s.length + 3]; // the marker broken by a 3-byte header after 20 bytes
    System.arraycopy(s, 0, cut, 0, 20);
    System.arraycopy(s, 20, cut, 23, s.length - 20);
    Files.createDirectories(dir.resolve("wal"));
    Files.write(
        dir.resolve("data.mv"), concat(new byte[100], whole.getBytes(StandardCharsets.UTF_8), cut));
    Files.write(dir.resolve("wal").resolve("1.wal"), wide.getBytes(StandardCharsets.UTF_16LE));
    List<Auditor.Finding> found = Auditor.find(dir, List.of(whole, split, wide, absent));
    assertThat(found)
        .extracting(Auditor.Finding::marker)
        .containsExactlyInAnyOrder(whole, split, wide);
    assertThat(found)
        .filteredOn(f -> f.marker().equals(whole))
        .singleElement()
        .extracting(Auditor.Finding::offset)
        .isEqualTo(100L);
    assertThat(Auditor.filesHolding(dir, whole)).containsExactly(Path.of("data.mv"));
    assertThat(Auditor.filesHolding(dir, split)).as("whole UTF-8 only").isEmpty();
    assertThatThrownBy(() -> Auditor.assertNoFileHolds(dir, wide))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1.wal");
    Auditor.assertNoFileHolds(dir, absent);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
