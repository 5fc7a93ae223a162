package io.tidal.sql;

/** What a statement is, from its first word: it decides which path runs it. */
public enum StatementKind {
  /** SELECT, WITH, VALUES, EXPLAIN ...: Calcite. */
  QUERY,
  /** INSERT (or UPSERT): Calcite, or the signals fast path. */
  INSERT,
  /** UPDATE: rewritten (see {@link DmlRewriter}). */
  UPDATE,
  /** DELETE: rewritten. */
  DELETE,
  /** CREATE, DROP, ALTER, TRUNCATE: tidal's DDL parser (which refuses what it does not support). */
  DDL,
  /** COMMIT. */
  COMMIT,
  /** ROLLBACK. */
  ROLLBACK,
  /** CHECKPOINT: tidal's maintenance statement ({@link Maintenance}). */
  CHECKPOINT,
  /** BACKUP TO 'dir': an online copy of the database ({@link Maintenance}). */
  BACKUP,
  /** Statements tidal refuses (MERGE, GRANT, SET, CALL ...); unknown words go to Calcite's parser. */
  UNSUPPORTED;

  /** The kind of {@code sql}. */
  public static StatementKind of(String sql) {
    return ofWord(Lexer.firstWord(sql));
  }

  /** The kind of a statement whose first word (upper case) is {@code w}. */
  static StatementKind ofWord(String w) {
    return switch (w) {
      case "SELECT", "WITH", "VALUES", "EXPLAIN", "DESCRIBE", "TABLE" -> QUERY;
      case "INSERT", "UPSERT" -> INSERT;
      case "UPDATE" -> UPDATE;
      case "DELETE" -> DELETE;
      case "COMMIT" -> COMMIT;
      case "ROLLBACK" -> ROLLBACK;
      case "CHECKPOINT" -> CHECKPOINT;
      case "BACKUP" -> BACKUP;
      case "MERGE",
          "GRANT",
          "REVOKE",
          "SET",
          "RESET",
          "CALL",
          "SHOW",
          "USE",
          "BEGIN",
          "START",
          "SAVEPOINT",
          "RELEASE",
          "LOCK",
          "ANALYZE",
          "VACUUM",
          "EXECUTE",
          "DECLARE",
          "COPY",
          "COMMENT",
          "PRAGMA",
          "ATTACH",
          "DETACH",
          "REINDEX" ->
          UNSUPPORTED;
      default -> DdlParser.isDdl(w) ? DDL : QUERY;
    };
  }

  /** Whether statements of this kind write rows or signals. */
  public boolean writes() {
    return this == INSERT || this == UPDATE || this == DELETE;
  }

  /** The statement's first word, upper case (for messages). */
  public static String verb(String sql) {
    return Lexer.firstWord(sql);
  }
}
