package io.tidal.sql;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.time.DateTimeException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * The one table from engine {@link ErrorCode}s to SQLStates, and the conversion of any failure into
 * the {@link SQLException} subclass of its SQLState class.
 *
 * <p>Classes: 42 syntax or unknown/duplicate object ({@link SQLSyntaxErrorException}), 22 bad data
 * ({@link SQLDataException}), 23 constraint ({@link SQLIntegrityConstraintViolationException}), 08
 * connection ({@link SQLNonTransientConnectionException}), 0A not supported
 * ({@link SQLFeatureNotSupportedException}), 25 read-only, 53/57 resources and cancellation, 58030
 * I/O, XX001 corruption, XX000 internal.
 */
public final class SqlStates {
  public static final String SYNTAX = "42601";
  public static final String NOT_SUPPORTED = "0A000";
  public static final String CONNECTION_FAILED = "08001";
  public static final String CONNECTION_CLOSED = "08003";
  public static final String INVALID_PARAMETER = "22023";
  public static final String INTERNAL = "XX000";

  private static final Map<ErrorCode, String> STATES = new EnumMap<>(ErrorCode.class);

  static {
    STATES.put(ErrorCode.INVALID_NAME, "42602");
    STATES.put(ErrorCode.INVALID_DURATION, "22023");
    STATES.put(ErrorCode.INVALID_LIST, "22023");
    STATES.put(ErrorCode.INVALID_WEIGHT, "22003");
    STATES.put(ErrorCode.INVALID_TIMESTAMP, "22008");
    STATES.put(ErrorCode.INVALID_VALUE, "22018");
    STATES.put(ErrorCode.INVALID_ARGUMENT, "22023");
    STATES.put(ErrorCode.UNDECLARED_DURATION, "22023");
    STATES.put(ErrorCode.BEFORE_HORIZON, "22023");
    STATES.put(ErrorCode.VALUE_TOO_LONG, "22001");
    STATES.put(ErrorCode.NUMERIC_OUT_OF_RANGE, "22003");
    STATES.put(ErrorCode.UNKNOWN_TABLE, "42S02");
    STATES.put(ErrorCode.UNKNOWN_SIGNAL_TYPE, "42704");
    STATES.put(ErrorCode.UNKNOWN_COLUMN, "42S22");
    STATES.put(ErrorCode.DUPLICATE_TABLE, "42S01");
    STATES.put(ErrorCode.DUPLICATE_SIGNAL_TYPE, "42710");
    STATES.put(ErrorCode.DUPLICATE_COLUMN, "42S21");
    STATES.put(ErrorCode.OBJECT_IN_USE, "42893");
    STATES.put(ErrorCode.WRONG_OBJECT_TYPE, "42809");
    STATES.put(ErrorCode.DEPENDENT_OBJECTS, "2BP01");
    STATES.put(ErrorCode.DATATYPE_MISMATCH, "42804");
    STATES.put(ErrorCode.DUPLICATE_KEY, "23505");
    STATES.put(ErrorCode.NOT_NULL_VIOLATION, "23502");
    STATES.put(ErrorCode.NO_PRIMARY_KEY, "23000");
    STATES.put(ErrorCode.DATABASE_LOCKED, "08001");
    STATES.put(ErrorCode.DATABASE_NOT_FOUND, "08001");
    STATES.put(ErrorCode.CLOSED, "08003");
    STATES.put(ErrorCode.READ_ONLY, "25006");
    STATES.put(ErrorCode.QUEUE_FULL, "53000");
    STATES.put(ErrorCode.CANCELLED, "57014");
    STATES.put(ErrorCode.IO_ERROR, "58030");
    STATES.put(ErrorCode.WRITE_PATH_FAILED, "58030");
    STATES.put(ErrorCode.CORRUPT, "XX001");
    STATES.put(ErrorCode.UNSUPPORTED_FORMAT, "XX001");
    STATES.put(ErrorCode.UNSUPPORTED, "0A000");
    STATES.put(ErrorCode.INTERNAL, "XX000");
    for (ErrorCode c : ErrorCode.values()) {
      if (!STATES.containsKey(c)) {
        throw new ExceptionInInitializerError("no SQLState for " + c);
      }
    }
  }

  private SqlStates() {}

  /** The SQLState of an engine error code. */
  public static String of(ErrorCode code) {
    return STATES.get(code);
  }

  /** A new exception of the subclass that fits {@code state}. */
  public static SQLException create(String message, String state, Throwable cause) {
    String cls = state == null ? "" : state.substring(0, 2);
    SQLException e =
        switch (cls) {
          case "42" -> new SQLSyntaxErrorException(message, state);
          case "22" -> new SQLDataException(message, state);
          case "23" -> new SQLIntegrityConstraintViolationException(message, state);
          case "08" -> new SQLNonTransientConnectionException(message, state);
          case "0A" -> new SQLFeatureNotSupportedException(message, state);
          case "57" -> new SQLTimeoutException(message, state);
          case "53" -> new SQLTransientException(message, state);
          default -> new SQLException(message, state);
        };
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** A {@code 0A000} "not supported" exception. */
  public static SQLException notSupported(String what) {
    return create(what + " is not supported", NOT_SUPPORTED, null);
  }

  /**
   * Converts any failure into an {@link SQLException} with a fitting SQLState: the engine's error
   * code when a {@link TidalException} is in the cause chain, else Calcite's parse (42601) or
   * validation (42xxx) errors, else common runtime failures; an {@code SQLException} that already
   * carries a state is returned unchanged (a {@code BatchUpdateException} with a state always is).
   */
  public static SQLException convert(Throwable t) {
    if (t instanceof java.sql.BatchUpdateException b && b.getSQLState() != null) {
      return b; // keeps its update counts; its state already came from this table
    }
    TidalException tidal = find(t, TidalException.class);
    if (tidal != null) {
      return create(tidal.getMessage(), of(tidal.code()), t);
    }
    if (t instanceof SQLException s && s.getSQLState() != null) {
      return s;
    }
    SqlParseException parse = find(t, SqlParseException.class);
    if (parse != null) {
      return create("syntax error: " + oneLine(parse.getMessage()), SYNTAX, t);
    }
    CalciteContextException ctx = find(t, CalciteContextException.class);
    SqlValidatorException val = find(t, SqlValidatorException.class);
    if (ctx != null || val != null) {
      String msg = ctx != null ? ctx.getMessage() : val.getMessage();
      return create(msg, validationState(msg), t);
    }
    if (find(t, RelOptPlanner.CannotPlanException.class) != null) {
      // e.g. INSERT INTO a sys view: Calcite has no way to run it (SQL fuzz finding)
      return create("statement not supported: " + firstLine(t), NOT_SUPPORTED, t);
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IllegalStateException
          && c.getMessage() != null
          && c.getMessage().startsWith("more than one value in agg SINGLE_VALUE")) {
        // a scalar subquery that returned several rows (SQL fuzz finding)
        return create(
            "cardinality violation: a scalar subquery returned more than one row", "21000", t);
      }
      if (c instanceof IllegalStateException
          && c.getMessage() != null
          && c.getMessage().startsWith("Unable to implement")) {
        // SQL fuzz findings: LIMIT/OFFSET beyond Calcite's int range; expressions Calcite
        // cannot generate code for, such as ABS(NULL)
        return c.getMessage().startsWith("Unable to implement EnumerableLimit")
            ? create("LIMIT or OFFSET out of range: " + firstLine(c), "22003", t)
            : create("expression not supported: " + firstLine(c), NOT_SUPPORTED, t);
      }
    }
    Throwable root = rootCause(t);
    NumberFormatException nfe = find(t, NumberFormatException.class);
    if (nfe != null) {
      // also when the JDK's parser chained an index error below it: LN('') (SQL fuzz finding)
      return create("invalid number: " + nfe.getMessage(), "22018", t);
    }
    String msg = root.getMessage() == null ? root.toString() : root.getMessage();
    if (root instanceof NumberFormatException) {
      return create("invalid number: " + msg, "22018", t);
    }
    if (root instanceof DateTimeException) {
      return create("invalid datetime: " + msg, "22008", t);
    }
    if (root instanceof ArithmeticException) {
      return create("numeric error: " + msg, "22003", t);
    }
    if (root instanceof ClassCastException && msg.contains("avatica.util.ByteString")) {
      // Calcite types CAST(<character> AS VARBINARY) but its generated code only casts the object
      return create(
          "a value that is not a byte string (text, a number) cannot be converted to a binary "
              + "type (VARBINARY, BINARY, BLOB): write a binary literal X'0A1B' or bind the bytes "
              + "(setBytes)",
          "42804",
          t);
    }
    if (root instanceof ClassCastException || root instanceof IllegalArgumentException) {
      return create("invalid value: " + msg, "22000", t);
    }
    if (root instanceof UnsupportedOperationException) {
      return create(msg, NOT_SUPPORTED, t);
    }
    if (root instanceof CalciteException) {
      // Calcite's runtime and literal errors without a parser position: "Substring error",
      // "Invalid character for cast", "Failed to encode ... in character set" (SQL fuzz findings)
      return create("data exception: " + msg, "22000", t);
    }
    if (t instanceof SQLException s) {
      String m = s.getMessage() == null ? msg : s.getMessage();
      return create(m, m.contains("not found") ? "42000" : INTERNAL, t);
    }
    return create("internal error: " + msg, INTERNAL, t);
  }

  private static String validationState(String msg) {
    if (msg == null) {
      return "42000";
    }
    if (msg.contains("does not allow NULLs")) {
      return "23502";
    }
    if (msg.contains("Object '") && msg.contains("not found")) {
      return "42S02";
    }
    if (msg.contains("Column '") && msg.contains("not found")) {
      return "42S22";
    }
    if (msg.contains("No match found for function signature")) {
      return "42883";
    }
    return "42000";
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }

  private static Throwable rootCause(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
