package io.tidal.sql;

import io.tidal.Ddl;
import io.tidal.schema.Schema;
import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * A statement as {@code sql} reads it, once: the text is lexed a single time here, its {@link
 * StatementKind} taken from the first word, and every recognition tidal does itself works on these
 * tokens: the DDL tree ({@link DdlParser}), the fast-path shapes ({@link SignalInsertShape}, {@link
 * ScoreQueryShape}), the literal parameterization of plain statements ({@link
 * LiteralParameterizer}), the maintenance statements ({@link Maintenance}) and the score-call check
 * ({@link ScoreCallValidator}). The driver dispatches on {@link #kind()} and asks for the shape its
 * path runs.
 *
 * <p>A text the lexer cannot read (an unterminated string or quoted name) still has a kind (from
 * its first word, as {@link StatementKind#of} reads it); its shapes are absent, its DDL fails with
 * the lexer's syntax error, and a query goes to Calcite, which reports it.
 */
public final class ParsedStatement {
  private final String sql;
  private final StatementKind kind;
  private final List<Token> tokens;
  private final SyntaxError lexError;

  private ParsedStatement(String sql, StatementKind kind, List<Token> tokens, SyntaxError error) {
    this.sql = sql;
    this.kind = kind;
    this.tokens = tokens;
    this.lexError = error;
  }

  /** Lexes and classifies {@code sql} (one pass over the text). */
  public static ParsedStatement of(String sql) {
    List<Token> tokens;
    try {
      tokens = Lexer.tokenize(sql);
    } catch (SyntaxError e) {
      return new ParsedStatement(sql, StatementKind.of(sql), null, e);
    }
    return new ParsedStatement(sql, StatementKind.ofWord(firstWord(tokens)), tokens, null);
  }

  /**
   * The first word as {@link Lexer#firstWord} reads it (opening parentheses skipped, the leading
   * letters of the first token, upper case), from the tokens.
   */
  private static String firstWord(List<Token> t) {
    int i = 0;
    while (t.get(i).isPunct("(")) {
      i++;
    }
    Token w = t.get(i);
    if (w.kind() != Kind.WORD) {
      return "";
    }
    String text = w.text();
    int n = 0;
    while (n < text.length() && Character.isLetter(text.charAt(n))) {
      n++;
    }
    return text.substring(0, n).toUpperCase(Locale.ROOT);
  }

  /** The statement's text, as written. */
  public String sql() {
    return sql;
  }

  /** What the statement is: it decides which path runs it. */
  public StatementKind kind() {
    return kind;
  }

  /** The statement's first word, upper case (for messages). */
  public String verb() {
    return tokens == null ? Lexer.firstWord(sql) : firstWord(tokens);
  }

  /** The tokens, ending with END. */
  List<Token> tokens() {
    if (tokens == null) {
      throw lexError;
    }
    return tokens;
  }

  /** Whether the text lexed. */
  boolean lexed() {
    return tokens != null;
  }

  /** The DDL tree of a {@link StatementKind#DDL} statement. */
  public Ddl ddl() throws SQLException {
    return DdlParser.parse(this);
  }

  /** The fast-path shape of an all-parameter {@code INSERT INTO signals}, or null. */
  public SignalInsertShape signalInsert() {
    return lexed() ? SignalInsertShape.match(tokens) : null;
  }

  /** Whether this is an {@code INSERT INTO [tidal.]signals} of any shape. */
  public boolean intoSignals() {
    return lexed() && SignalInsertShape.intoSignals(tokens);
  }

  /** The text Calcite prepares for an INSERT (a legacy five-value signals INSERT gets columns). */
  public String insertText() {
    return lexed() ? SignalInsertShape.withColumnList(sql, tokens) : sql;
  }

  /** The score point read's shape, or null. */
  public ScoreQueryShape scoreQuery() {
    return lexed() ? ScoreQueryShape.match(tokens) : null;
  }

  /** The parameterized shape of an {@code INSERT ... VALUES} with literals, or null. */
  public LiteralParameterizer.Shape valuesShape() {
    return lexed() ? LiteralParameterizer.parameterize(sql, tokens) : null;
  }

  /** The parameterized shape of a query for the plan cache of plain statements, or null. */
  public LiteralParameterizer.Shape queryShape() {
    return lexed() ? LiteralParameterizer.parameterizeQuery(sql, tokens) : null;
  }

  /**
   * The text to prepare: score calls with literal arguments checked against {@code schema}, a bare
   * {@code ?} given as {@code at} typed ({@link ScoreCallValidator}).
   */
  public String validated(Schema schema) throws SQLException {
    return ScoreCallValidator.validate(sql, schema, tokens);
  }

  /**
   * An UPDATE or DELETE as a typed statement: the query and row writes of an entity table's
   * UPDATE/DELETE, or a signal erasure ({@link DmlRewriter.Rewrite#erasure}).
   *
   * @throws SQLException 42601 on a syntax error, 42S02/42S22 for an unknown table/column, 0A000
   *     for an UPDATE of the signals table
   */
  public DmlRewriter.Rewrite rowChange(Schema schema) throws SQLException {
    return DmlRewriter.rewrite(sql, schema);
  }

  /** Checks a {@code CHECKPOINT} statement ({@link Maintenance#parseCheckpoint}). */
  public void checkpoint() throws SQLException {
    Maintenance.parseCheckpoint(tokens());
  }

  /** The directory of a {@code BACKUP TO 'dir'} statement ({@link Maintenance#parseBackup}). */
  public String backupTarget() throws SQLException {
    return Maintenance.parseBackup(tokens());
  }

  @Override
  public String toString() {
    return kind + ": " + sql;
  }
}
