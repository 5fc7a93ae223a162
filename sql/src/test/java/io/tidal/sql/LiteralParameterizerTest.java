package io.tidal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralParameterizerTest {

  @Test
  void insertValues_literalsBecomeParameters() {
    LiteralParameterizer.Shape s =
        LiteralParameterizer.parameterize(
            "INSERT INTO t VALUES ('it''s', -1.5, 42, TIMESTAMP '2026-11-01 10:00:00.5', "
                + "DATE '2026-11-01', NULL, TRUE, INTERVAL '1' HOUR, 1e3)");
    assertThat(s.sql())
        .isEqualTo("INSERT INTO t VALUES (?, ?, ?, ?, ?, NULL, TRUE, INTERVAL '1' HOUR, ?)");
    assertThat(s.values())
        .containsExactly(
            "it's",
            new BigDecimal("-1.5"),
            42L,
            LocalDateTime.parse("2026-11-01T10:00:00.5"),
            LocalDate.parse("2026-11-01"),
            1000.0);
  }

  @Test
  void sameShape_differentLiterals_sameText() {
    String a = LiteralParameterizer.parameterize("INSERT INTO t (a, b) VALUES ('x', 1)").sql();
    String b = LiteralParameterizer.parameterize("INSERT INTO t (a, b) VALUES ('yy', 22)").sql();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void notParameterized_queriesParamsAndSelects() {
    for (String sql :
        List.of(
            "SELECT 1",
            "INSERT INTO t VALUES (?)",
            "INSERT INTO t SELECT * FROM u WHERE a = 'x'",
            "INSERT INTO t VALUES (NULL)",
            "INSERT INTO t VALUES ('unterminated)")) {
      assertThat(LiteralParameterizer.parameterize(sql)).as(sql).isNull();
    }
  }

  @Test
  void signalInsertShape_matchesOnlyParameterRows() {
    assertThat(
            SignalInsertShape.match(
                    "insert into SIGNALS (entity_id, signal_type, ts) values (?,?,?);")
                .columns())
        .containsExactly(1, 0, 3);
    assertThat(
            SignalInsertShape.match("INSERT INTO tidal.signals VALUES (?, ?, ?, ?, ?)").columns())
        .containsExactly(0, 1, 2, 3, 4);
    for (String sql :
        List.of(
            "INSERT INTO signals (signal_type) VALUES (?)",
            "INSERT INTO signals (signal_type, entity_id) VALUES ('view', ?)",
            "INSERT INTO signals (signal_type, entity_id) VALUES (?, ?), (?, ?)",
            "INSERT INTO items (signal_type, entity_id) VALUES (?, ?)",
            "INSERT INTO signals (signal_type, signal_type) VALUES (?, ?)")) {
      assertThat(SignalInsertShape.match(sql)).as(sql).isNull();
    }
  }
}
