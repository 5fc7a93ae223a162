package io.tidal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.testing.Seeds;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ParsedStatement} classifies from its one lexing pass exactly as the character scan of
 * {@link StatementKind#of} does, and what it recognises from its tokens equals what each
 * recogniser finds lexing the text itself.
 */
class ParsedStatementTest {
  private static final List<String> BASE =
      List.of(
          "SELECT id FROM t WHERE id = 1 LIMIT 5",
          "((SELECT 1))",
          "WITH x AS (SELECT 1) SELECT * FROM x",
          "INSERT INTO t VALUES (1, 'a', TIMESTAMP '2026-11-01 12:00:00')",
          "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)",
          "INSERT INTO signals VALUES ('v', 'e', 1.0, TIMESTAMP '2026-11-01 12:00:00', NULL)",
          "UPDATE t SET v = 2 WHERE id = 1",
          "DELETE FROM signals WHERE actor_id = 'a'",
          "CREATE TABLE t (id VARCHAR PRIMARY KEY, n DECIMAL(10, 2) DEFAULT -1.5)",
          "CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)",
          "DROP INDEX IF EXISTS i ON t",
          "/* c */ -- x\n commit",
          "ROLLBACK;",
          "CHECKPOINT",
          "BACKUP TO '/tmp/x'",
          "SELECT DECAY_SCORE(?, 'v', INTERVAL '1' HOUR)",
          "MERGE INTO t USING u ON 1 = 1",
          "select_x FROM t",
          "_x",
          "\"SELECT\" 1",
          "EXPLAIN PLAN FOR SELECT 1");
  private static final String JUNK = "'\"();,?*-+/=<>_$ \n019abcSELECTINSERTDROP";

  @Test
  void kindAndShapes_fromOneLexingPass_matchTheTextScanAndEachRecogniser() throws Exception {
    long seed = Seeds.seed("ParsedStatementTest");
    Random rnd = new Random(seed);
    for (int i = 0; i < Seeds.tries(3000); i++) {
      StringBuilder sql = new StringBuilder(BASE.get(rnd.nextInt(BASE.size())));
      int edits = i < BASE.size() ? 0 : rnd.nextInt(4);
      for (int e = 0; e < edits && sql.length() > 0; e++) {
        int at = rnd.nextInt(sql.length());
        switch (rnd.nextInt(3)) {
          case 0 -> sql.deleteCharAt(at);
          case 1 -> sql.insert(at, JUNK.charAt(rnd.nextInt(JUNK.length())));
          default -> sql.setCharAt(at, JUNK.charAt(rnd.nextInt(JUNK.length())));
        }
      }
      String text = sql.toString();
      String why = "seed " + seed + ": <" + text + ">";
      ParsedStatement st = ParsedStatement.of(text);
      assertThat(st.sql()).isSameAs(text);
      assertThat(st.kind()).as(why).isEqualTo(StatementKind.of(text));
      assertThat(st.verb()).as(why).isEqualTo(StatementKind.verb(text));
      assertThat(st.signalInsert())
          .as(why)
          .usingRecursiveComparison()
          .isEqualTo(SignalInsertShape.match(text));
      assertThat(st.intoSignals()).as(why).isEqualTo(SignalInsertShape.intoSignals(text));
      assertThat(st.insertText()).as(why).isEqualTo(SignalInsertShape.withColumnList(text));
      assertThat(st.scoreQuery()).as(why).isEqualTo(ScoreQueryShape.match(text));
    }
  }

  @Test
  void unlexableText_keepsItsKind_hasNoShapes_andItsDdlNamesTheLexError() {
    ParsedStatement q = ParsedStatement.of("SELECT 'open");
    assertThat(q.kind()).isEqualTo(StatementKind.QUERY);
    assertThat(q.queryShape()).isNull();
    assertThat(q.scoreQuery()).isNull();
    ParsedStatement d = ParsedStatement.of("CREATE TABLE \"t (id INT)");
    assertThat(d.kind()).isEqualTo(StatementKind.DDL);
    assertThatThrownBy(d::ddl)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("unterminated quoted identifier")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
  }
}
