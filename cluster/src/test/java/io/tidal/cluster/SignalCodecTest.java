package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both signal encodings: golden bytes (docs/FORMATS.md), round trips, strictness. */
class SignalCodecTest {
  private static final long TS = 1_767_225_600_000L;

  @Test
  void binaryMatchesTheDocumentedBytes() throws Exception {
    KafkaSignal s = new KafkaSignal("view", "i1", null, 1.0, TS, null);
    byte[] b = SignalCodec.toBinary(s);
    assertThat(HexFormat.of().formatHex(b))
        .isEqualTo(
            "d10104" + "3ff0000000000000" + "0000019b76daa800" + "000476696577" + "00026931");
    assertThat(SignalCodec.decode(b, 0)).isEqualTo(s);
  }

  @Test
  void jsonMatchesTheDocumentedText() throws Exception {
    KafkaSignal s = new KafkaSignal("view", "i1", "u7", 1.0, TS, "k1");
    String json = new String(SignalCodec.toJson(s), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"v\":1,\"type\":\"view\",\"entity\":\"i1\",\"actor\":\"u7\","
                + "\"weight\":1.0,\"ts\":1767225600000,\"dedup\":\"k1\"}");
    assertThat(SignalCodec.decode(json.getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(s);
  }

  @Test
  void randomSignalsRoundTripInBothEncodings() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("SignalCodecTest seed " + seed);
    Random rnd = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      KafkaSignal s =
          new KafkaSignal(
              text(rnd),
              text(rnd),
              rnd.nextBoolean() ? null : text(rnd),
              rnd.nextGaussian() * 1e6,
              rnd.nextLong(),
              rnd.nextBoolean() ? null : text(rnd));
      assertThat(SignalCodec.decode(SignalCodec.toBinary(s), 0)).as("seed %d", seed).isEqualTo(s);
      assertThat(SignalCodec.decode(SignalCodec.toJson(s), 0)).as("seed %d", seed).isEqualTo(s);
    }
  }

  @Test
  void missingTimestampTakesTheRecordsAndDefaultsApply() throws Exception {
    KafkaSignal s =
        SignalCodec.decode(
            "{\"type\":\"like\",\"entity\":42}".getBytes(StandardCharsets.UTF_8), 99);
    assertThat(s).isEqualTo(new KafkaSignal("like", "42", null, 1.0, 99, null));
  }

  @Test
  void strictness() {
    assertThatThrownBy(() -> decode("{\"type\":\"v\",\"entity\":\"e\",\"type\":\"w\"}"))
        .hasMessageContaining("\"type\" appears twice");
    assertThatThrownBy(() -> decode("{\"type\":\"v\",\"entity\":{\"a\":1}}"))
        .hasMessageContaining("holds an object or array");
    assertThatThrownBy(() -> decode("{\"type\":\"v\",\"entity\":\"e\"} x"))
        .hasMessageContaining("text after the object");
    assertThatThrownBy(() -> decode("{\"type\":\"v\",\"entity\":1.5}"))
        .hasMessageContaining("\"entity\" 1.5 is not a 64-bit integer");
    assertThatThrownBy(() -> SignalCodec.decode(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}, 0))
        .hasMessageContaining("not valid UTF-8");
    byte[] trailing =
        java.util.Arrays.copyOf(
            SignalCodec.toBinary(new KafkaSignal("v", "e", null, 1, 0, null)), 40);
    assertThatThrownBy(() -> SignalCodec.decode(trailing, 0))
        .hasMessageContaining("bytes after its last field");
  }

  private static KafkaSignal decode(String json) throws PayloadException {
    return SignalCodec.decode(json.getBytes(StandardCharsets.UTF_8), 0);
  }

  private static String text(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = 1 + rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(10);
      b.append(
          kind == 0
              ? (char) rnd.nextInt(0x20)
              : kind == 1
                  ? '"'
                  : kind == 2
                      ? '\\'
                      : kind == 3 ? 'é' : kind == 4 ? '日' : (char) ('a' + rnd.nextInt(26)));
    }
    return b.toString();
  }
}
