package io.tidal.sql;

import io.tidal.calcite.ScoreFunction;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Checks, while a statement is prepared, every {@code DECAY_SCORE} / {@code WINDOWED_COUNT} /
 * {@code VELOCITY} call whose signal type and duration are literals: the type must exist and the
 * half-life or window must be declared for it. Errors then surface from {@code prepareStatement} /
 * {@code executeQuery} as an {@link SQLException}, not from {@code ResultSet.next()}. Calls with
 * non-literal arguments are checked by the engine at run time.
 *
 * <p>It also types a bare {@code ?} given as {@code at}: Calcite infers a parameter's type from the
 * function's signature only when the call is a whole select item, not inside an expression, WHERE
 * or ORDER BY ("Cannot apply 'DECAY_SCORE' to arguments of type ... &lt;UNKNOWN&gt;"). So such a
 * {@code ?} is rewritten in the text to {@code CAST(? AS TIMESTAMP(3))}: the same parameter, typed;
 * parameter numbering is unchanged.
 */
public final class ScoreCallValidator {
  private ScoreCallValidator() {}

  /**
   * Validates {@code sql} against {@code schema}; a parse failure is left to Calcite to report.
   *
   * @return {@code sql} with each bare {@code ?} given as a score call's {@code at} typed as
   *     TIMESTAMP(3) (the text to prepare)
   */
  public static String validate(String sql, Schema schema) throws SQLException {
    return validate(sql, schema, null);
  }

  /**
   * {@link #validate(String, Schema)} given the statement's tokens ({@link ParsedStatement}; null:
   * lexed here when needed).
   */
  static String validate(String sql, Schema schema, List<Lexer.Token> tokens) throws SQLException {
    if (!mentionsScore(sql)) {
      return sql;
    }
    SqlNode node;
    try {
      node = SqlParser.create(EmptyInList.rewrite(sql)).parseStmt();
    } catch (SqlParseException e) {
      return sql;
    }
    List<SqlCall> calls = new ArrayList<>();
    node.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            if (ScoreFunction.Kind.of(call.getOperator().getName()) != null) {
              calls.add(call);
            }
            return super.visit(call);
          }
        });
    List<Integer> atParams = new ArrayList<>();
    for (SqlCall c : calls) {
      check(c, schema);
      if (atArg(c) instanceof SqlDynamicParam p) {
        atParams.add(p.getIndex());
      }
    }
    return atParams.isEmpty()
        ? sql
        : typeParams(sql, tokens != null ? tokens : Lexer.tokenize(sql), atParams);
  }

  /** The {@code at} operand of a score call (fourth, or named {@code at}), or null. */
  private static SqlNode atArg(SqlCall call) {
    List<SqlNode> ops = call.getOperandList();
    for (int i = 0; i < ops.size(); i++) {
      SqlNode op = ops.get(i);
      if (op instanceof SqlCall a && a.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
        if (a.operand(1).toString().equalsIgnoreCase("at")) {
          return a.operand(0);
        }
      } else if (i == 3) {
        return op;
      }
    }
    return null;
  }

  /** Rewrites the parameters numbered {@code indexes} (0-based, in text order) as typed casts. */
  private static String typeParams(String sql, List<Lexer.Token> tokens, List<Integer> indexes) {
    List<Lexer.Token> params = tokens.stream().filter(t -> t.kind() == Lexer.Kind.PARAM).toList();
    StringBuilder out = new StringBuilder(sql);
    for (int i = params.size() - 1; i >= 0; i--) {
      if (indexes.contains(i)) {
        Lexer.Token t = params.get(i);
        out.replace(t.start(), t.end(), "CAST(? AS TIMESTAMP(3))");
      }
    }
    return out.toString();
  }

  private static boolean mentionsScore(String sql) {
    String u = sql.toUpperCase(Locale.ROOT);
    return u.contains("DECAY_SCORE") || u.contains("WINDOWED_COUNT") || u.contains("VELOCITY");
  }

  private static void check(SqlCall call, Schema schema) throws SQLException {
    ScoreFunction.Kind kind = ScoreFunction.Kind.of(call.getOperator().getName());
    List<SqlNode> ops = call.getOperandList();
    SqlNode typeArg = null;
    SqlNode durArg = null;
    for (int i = 0; i < ops.size(); i++) {
      SqlNode op = ops.get(i);
      String name = null;
      if (op instanceof SqlCall a && a.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
        name = a.operand(1).toString().toLowerCase(Locale.ROOT);
        op = a.operand(0);
      }
      if ("signal_type".equals(name) || (name == null && i == 1)) {
        typeArg = op;
      } else if ("half_life".equals(name) || "window".equals(name) || (name == null && i == 2)) {
        durArg = op;
      }
    }
    if (!(typeArg instanceof SqlCharStringLiteral lit)) {
      return;
    }
    String type = lit.getValueAs(String.class);
    SignalType st = schema.signalType(type).orElse(null);
    if (st == null) {
      throw SqlStates.create(
          "unknown signal type '"
              + type
              + "' in "
              + kind.sqlName()
              + " (declare it with CREATE SIGNAL TYPE)",
          SqlStates.UNDEFINED_OBJECT,
          null);
    }
    if (durArg instanceof SqlIntervalLiteral iv) {
      SqlIntervalLiteral.IntervalValue v = (SqlIntervalLiteral.IntervalValue) iv.getValue();
      if (v == null || v.getIntervalQualifier().isYearMonth()) {
        return;
      }
      Duration d = Duration.ofMillis(SqlParserUtil.intervalToMillis(v));
      boolean ok =
          kind == ScoreFunction.Kind.DECAY ? st.halfLifeIndex(d) >= 0 : st.windowIndex(d) >= 0;
      if (!ok) {
        String what = kind == ScoreFunction.Kind.DECAY ? "half-life" : "window";
        throw SqlStates.create(
            what
                + " "
                + io.tidal.schema.Durations.format(d)
                + " is not declared for signal type '"
                + st.name()
                + "' (declared: "
                + (kind == ScoreFunction.Kind.DECAY ? st.halfLives() : st.windows())
                    .stream().map(io.tidal.schema.Durations::format).toList()
                + ") in "
                + kind.sqlName(),
            SqlStates.INVALID_PARAMETER,
            null);
      }
    }
  }
}
