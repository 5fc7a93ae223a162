package io.tidal.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.schema.EntityId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bytes of {@link StateCodec}'s class comment, written out by hand from its table (not by the
 * encoder): decoding them gives the state they describe, and encoding that state gives them back.
 * A change of the layout fails here until the table, the version and these bytes agree.
 */
class StateCodecGoldenTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final long[] HALF_LIFE = {3_600_000L};

  /**
   * Version 2, k = 1: anchor 1000, total 2, bound 1000, nothing folded (F = Long.MIN_VALUE), v_0 =
   * 3.5, f_0 = 0, two retained signals at 1000, one weight not 1.0: index 1 weighs 2.5.
   */
  static final String V2 =
      "02"
          + "01"
          + "00000000000003e8"
          + "0000000000000002"
          + "00000000000003e8"
          + "8000000000000000"
          + "400c000000000000"
          + "0000000000000000"
          + "00000002"
          + "00000000000003e8"
          + "00000000000003e8"
          + "00000001"
          + "00000001"
          + "4004000000000000";

  /** Version 1 (read only), k = 1: anchor 1000, total 2, bound 1000, v_0 = 2.0, two signals at 1000. */
  static final String V1 =
      "01"
          + "01"
          + "00000000000003e8"
          + "0000000000000002"
          + "00000000000003e8"
          + "4000000000000000"
          + "00000002"
          + "00000000000003e8"
          + "00000000000003e8";

  @Test
  void v2_decodesToTheDocumentedState_andEncodesBackToTheSameBytes() {
    long[] s = StateCodec.decode(HEX.parseHex(V2), 1, "view", EntityId.of(7));
    assertThat(EntityState.anchor(s)).isEqualTo(1000L);
    assertThat(EntityState.len(s)).isEqualTo(2);
    assertThat(EntityState.foldTime(s)).isEqualTo(Long.MIN_VALUE);
    assertThat(EntityState.value(s, 0)).isEqualTo(3.5);
    assertThat(EntityState.decay(s, HALF_LIFE, 0, 1000L)).isEqualTo(3.5);
    assertThat(EntityState.decay(s, HALF_LIFE, 0, 1000L + 3_600_000L)).isEqualTo(1.75);
    assertThat(EntityState.count(s, 1, 60_000L, 1000L)).isEqualTo(2L);
    assertThat(HEX.formatHex(StateCodec.encode(s, 1))).isEqualTo(V2);
  }

  @Test
  void v1_decodesAsFoldedAtTheAnchor_andIsRewrittenAsV2() {
    long[] s = StateCodec.decode(HEX.parseHex(V1), 1, "view", EntityId.of(7));
    assertThat(EntityState.anchor(s)).isEqualTo(1000L);
    assertThat(EntityState.foldTime(s)).isEqualTo(1000L); // F = a: decay exact from a on
    assertThat(EntityState.decay(s, HALF_LIFE, 0, 1000L + 3_600_000L)).isEqualTo(1.0);
    assertThat(EntityState.count(s, 1, 60_000L, 1000L)).isEqualTo(2L);
    assertThat(HEX.formatHex(StateCodec.encode(s, 1))).startsWith("0201");
  }
}
