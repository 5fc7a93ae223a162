package io.tidal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@code CHECKPOINT}: how it is recognised and parsed. */
class MaintenanceTest {

  @Test
  void statementKind_checkpointInAnyCase_withComments() {
    assertThat(StatementKind.of("CHECKPOINT")).isEqualTo(StatementKind.CHECKPOINT);
    assertThat(StatementKind.of(" -- c\n checkpoint;")).isEqualTo(StatementKind.CHECKPOINT);
    assertThat(StatementKind.CHECKPOINT.writes()).isFalse();
  }

  @Test
  void parseCheckpoint_wordAndOptionalSemicolon_only() throws SQLException {
    Maintenance.parseCheckpoint("CHECKPOINT");
    Maintenance.parseCheckpoint("/* now */ Checkpoint ; -- done");
    assertThatThrownBy(() -> Maintenance.parseCheckpoint("CHECKPOINT DEFRAG"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("'DEFRAG'")
        .hasMessageContaining("position 12")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("42601");
    assertThatThrownBy(() -> Maintenance.parseCheckpoint("(CHECKPOINT)"))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("42601");
  }
}
