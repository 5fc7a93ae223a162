package io.tidal.sql;

import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.sql.SQLException;
import java.util.List;

/**
 * tidal's maintenance statement {@code CHECKPOINT [;]}: writes a checkpoint now and, after a row
 * delete or a signal erasure, scrubs the database files so that none holds what was erased
 * ({@code TidalDB.checkpoint()}). Its update count is 0.
 *
 * <p>Refused, before the engine is touched, in a read-only connection ({@code read_only=true} or
 * {@code Connection.setReadOnly(true)}: SQLState 25006, like every write there), and while the
 * connection's transaction holds uncommitted writes (autocommit off, or inside a statement batch:
 * 25001, as PostgreSQL refuses {@code VACUUM} in a transaction block): such writes are not in the
 * checkpoint, so an erasure they hold would silently stay in the files. With autocommit off and
 * nothing written since the last commit it runs.
 *
 * <p>{@code BACKUP TO 'dir' [;]} writes an online, consistent copy of the database into the
 * directory {@code dir} ({@code TidalDB.backup}), refused likewise inside a transaction with writes;
 * allowed in a read-only connection to a writable database (the engine refuses it, 25006, when the
 * database itself was opened read-only: the backup starts with a checkpoint). Its update count is
 * 0. A relative path is resolved against the process's working directory.
 */
public final class Maintenance {
  /** SQLState: the connection is read-only. */
  public static final String READ_ONLY = SqlStates.READ_ONLY_TRANSACTION;

  /** SQLState: a transaction is active. */
  public static final String ACTIVE_TRANSACTION = SqlStates.ACTIVE_TRANSACTION;

  private Maintenance() {}

  /**
   * Checks that {@code sql} is exactly {@code CHECKPOINT}, with an optional semicolon.
   *
   * @throws SQLException 42601 naming what follows the word
   */
  public static void parseCheckpoint(String sql) throws SQLException {
    parseCheckpoint(Lexer.tokenize(sql));
  }

  /** {@link #parseCheckpoint(String)} over the statement's tokens. */
  static void parseCheckpoint(List<Token> t) throws SQLException {
    int i = 0;
    if (!t.get(i).is("CHECKPOINT")) {
      throw SqlStates.create(
          "expected CHECKPOINT but found " + t.get(i).show(), SqlStates.SYNTAX, null);
    }
    i++;
    if (t.get(i).isPunct(";")) {
      i++;
    }
    if (t.get(i).kind() != Kind.END) {
      throw SqlStates.create(
          "CHECKPOINT takes no arguments, found "
              + t.get(i).show()
              + " at position "
              + (t.get(i).start() + 1),
          SqlStates.SYNTAX,
          null);
    }
  }

  /**
   * Parses {@code BACKUP TO 'dir'} with an optional semicolon; returns {@code dir}.
   *
   * @throws SQLException 42601 naming what is missing or follows the string
   */
  public static String parseBackup(String sql) throws SQLException {
    return parseBackup(Lexer.tokenize(sql));
  }

  /** {@link #parseBackup(String)} over the statement's tokens. */
  static String parseBackup(List<Token> t) throws SQLException {
    if (!t.get(0).is("BACKUP") || !t.get(1).is("TO") || t.get(2).kind() != Kind.STRING) {
      Token bad = !t.get(0).is("BACKUP") ? t.get(0) : !t.get(1).is("TO") ? t.get(1) : t.get(2);
      throw SqlStates.create(
          "expected BACKUP TO '<directory>' but found "
              + bad.show()
              + " at position "
              + (bad.start() + 1),
          SqlStates.SYNTAX,
          null);
    }
    String dir = t.get(2).text();
    int i = 3;
    if (t.get(i).isPunct(";")) {
      i++;
    }
    if (t.get(i).kind() != Kind.END) {
      throw SqlStates.create(
          "BACKUP TO takes one directory, found "
              + t.get(i).show()
              + " at position "
              + (t.get(i).start() + 1),
          SqlStates.SYNTAX,
          null);
    }
    if (dir.isBlank() || dir.indexOf('\0') >= 0) {
      throw SqlStates.create(
          "BACKUP TO needs a directory name, got '" + dir + "'", SqlStates.INVALID_PARAMETER, null);
    }
    return dir;
  }

  /**
   * Runs {@code BACKUP TO 'dir'} for a connection; returns the update count, 0.
   *
   * @throws SQLException 25001 inside a transaction with writes; the engine's failure (22023 or
   *     42000 for a target that exists and is not empty, 58030 I/O, 0A000 in memory ...)
   */
  public static int backup(SqlSession session, String dir) throws SQLException {
    if (session.inTransaction()) {
      throw SqlStates.create(
          "BACKUP cannot run inside a transaction that holds uncommitted writes "
              + "(or in a statement batch): commit or roll back first",
          ACTIVE_TRANSACTION,
          null);
    }
    java.nio.file.Path target;
    try {
      target = java.nio.file.Path.of(dir);
    } catch (java.nio.file.InvalidPathException e) {
      throw SqlStates.create(
          "BACKUP TO: not a valid directory name '" + dir + "' (" + e.getReason() + ")",
          SqlStates.INVALID_PARAMETER,
          null);
    }
    try {
      session.db().backup(target);
      return 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  /**
   * Runs {@code CHECKPOINT} for a connection; returns the update count, 0.
   *
   * @throws SQLException 25006 in a read-only connection, 25001 inside a transaction with writes,
   *     or the engine's failure (58030 I/O, 08003 closed ...)
   */
  public static int checkpoint(SqlSession session, boolean readOnlyConnection) throws SQLException {
    if (readOnlyConnection) {
      throw SqlStates.create(
          "CHECKPOINT is not allowed in a read-only connection (it writes the " + "database files)",
          READ_ONLY,
          null);
    }
    if (session.inTransaction()) {
      throw SqlStates.create(
          "CHECKPOINT cannot run inside a transaction that holds uncommitted writes "
              + "(or in a statement batch): commit or roll back first, then run CHECKPOINT on its own",
          ACTIVE_TRANSACTION,
          null);
    }
    try {
      session.db().checkpoint();
      return 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }
}
