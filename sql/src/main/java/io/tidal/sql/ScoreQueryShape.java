package io.tidal.sql;

import io.tidal.calcite.ScoreFunction;
import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Recognizes {@code SELECT fn(?|'id', 'type', INTERVAL '...' unit [, ?|TIMESTAMP '...']) [[AS] label]}
 * with {@code fn} one of the score functions and no FROM clause: the point read the JDBC layer
 * answers straight from the engine, without Calcite's per-execution overhead. Everything else does
 * not match.
 *
 * @param entityParam whether the entity id is a {@code ?} (else {@code entityLiteral})
 * @param atParam whether {@code at} is a {@code ?}; else {@code atLiteral} (UTC ms) or, when null,
 *     the statement time
 * @param params number of {@code ?} parameters (entity first, then at)
 */
public record ScoreQueryShape(
    ScoreFunction.Kind kind,
    boolean entityParam,
    String entityLiteral,
    String type,
    Duration duration,
    boolean atParam,
    Long atLiteral,
    String label,
    int params) {

  /** The shape of {@code sql}, or null. */
  public static ScoreQueryShape match(String sql) {
    try {
      return parse(Lexer.tokenize(sql));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@link #match(String)} over the statement's tokens. */
  static ScoreQueryShape match(List<Token> t) {
    try {
      return parse(t);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ScoreQueryShape parse(List<Token> t) {
    int p = 0;
    if (!t.get(p++).is("SELECT")) {
      return null;
    }
    Token fn = t.get(p++);
    ScoreFunction.Kind kind = fn.kind() == Kind.WORD ? ScoreFunction.Kind.of(fn.text()) : null;
    if (kind == null || !t.get(p++).isPunct("(")) {
      return null;
    }
    Token id = t.get(p++);
    if (id.kind() != Kind.PARAM && id.kind() != Kind.STRING) {
      return null;
    }
    Token type = t.get(p + 1);
    if (!t.get(p).isPunct(",")
        || type.kind() != Kind.STRING
        || !t.get(p + 2).isPunct(",")
        || !t.get(p + 3).is("INTERVAL")
        || t.get(p + 4).kind() != Kind.STRING) {
      return null;
    }
    String text = t.get(p + 4).text();
    String from = t.get(p + 5).text().toUpperCase(Locale.ROOT);
    p += 6;
    String to = from;
    if (t.get(p).is("TO")) {
      to = t.get(p + 1).text().toUpperCase(Locale.ROOT);
      p += 2;
    }
    Duration d = Intervals.parse(text, from, to, kind.sqlName());
    boolean atParam = false;
    Long atLiteral = null;
    if (t.get(p).isPunct(",")) {
      Token a = t.get(p + 1);
      if (a.kind() == Kind.PARAM) {
        atParam = true;
        p += 2;
      } else if (a.is("TIMESTAMP") && t.get(p + 2).kind() == Kind.STRING) {
        LocalDateTime ldt = LiteralParameterizer.timestamp(t.get(p + 2).text());
        if (ldt == null) {
          return null;
        }
        atLiteral = ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
        p += 3;
      } else {
        return null;
      }
    }
    if (!t.get(p++).isPunct(")")) {
      return null;
    }
    String label = "EXPR$0";
    if (t.get(p).is("AS")) {
      p++;
    }
    Token l = t.get(p);
    if (l.kind() == Kind.WORD) {
      label = l.text().toUpperCase(Locale.ROOT);
      p++;
    } else if (l.kind() == Kind.QUOTED) {
      label = l.text();
      p++;
    }
    if (t.get(p).isPunct(";")) {
      p++;
    }
    if (t.get(p).kind() != Kind.END) {
      return null;
    }
    boolean entityParam = id.kind() == Kind.PARAM;
    return new ScoreQueryShape(
        kind,
        entityParam,
        entityParam ? null : id.text(),
        type.text(),
        d,
        atParam,
        atLiteral,
        label,
        (entityParam ? 1 : 0) + (atParam ? 1 : 0));
  }
}
