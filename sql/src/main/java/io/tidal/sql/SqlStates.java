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
  // Every SQLState tidal raises, by code (SQL standard classes, ODBC's HY, PostgreSQL's 42P and
  // 2BP): no other main class writes a state as a literal (SqlStateLiteralsTest in tests-arch).
  public static final String DYNAMIC_SQL_ERROR = "07000";
  public static final String WRONG_PARAMETER_COUNT = "07001";
  public static final String INVALID_DESCRIPTOR_INDEX = "07009";
  public static final String CONNECTION_FAILED = "08001";
  public static final String CONNECTION_CLOSED = "08003";
  public static final String NOT_SUPPORTED = "0A000";
  public static final String CARDINALITY_VIOLATION = "21000";
  public static final String DATA_EXCEPTION = "22000";
  public static final String STRING_TOO_LONG = "22001";
  public static final String NUMERIC_OUT_OF_RANGE = "22003";
  public static final String INVALID_DATETIME_FORMAT = "22007";
  public static final String DATETIME_OVERFLOW = "22008";
  public static final String INVALID_CHARACTER_VALUE = "22018";
  public static final String INVALID_PARAMETER = "22023";
  public static final String INTEGRITY_CONSTRAINT = "23000";
  public static final String NOT_NULL_VIOLATION = "23502";
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String INVALID_CURSOR_STATE = "24000";
  public static final String INVALID_TRANSACTION_STATE = "25000";
  public static final String ACTIVE_TRANSACTION = "25001";
  public static final String READ_ONLY_TRANSACTION = "25006";
  public static final String INVALID_AUTHORIZATION = "28000";
  public static final String DEPENDENT_OBJECTS = "2BP01";
  public static final String SYNTAX_OR_ACCESS = "42000";
  public static final String SYNTAX = "42601";
  public static final String INVALID_NAME = "42602";
  public static final String INVALID_COLUMN_DEFINITION = "42611";
  public static final String DUPLICATE_COLUMN_NAME = "42701";
  public static final String UNDEFINED_COLUMN = "42703";
  public static final String UNDEFINED_OBJECT = "42704";
  public static final String DUPLICATE_OBJECT = "42710";
  public static final String DATATYPE_MISMATCH = "42804";
  public static final String WRONG_OBJECT_TYPE = "42809";
  public static final String UNDEFINED_FUNCTION = "42883";
  public static final String OBJECT_IN_USE = "42893";
  public static final String UNDEFINED_PARAMETER = "42P02";
  public static final String INVALID_TABLE_DEFINITION = "42P16";
  public static final String TABLE_EXISTS = "42S01";
  public static final String TABLE_NOT_FOUND = "42S02";
  public static final String COLUMN_EXISTS = "42S21";
  public static final String COLUMN_NOT_FOUND = "42S22";
  public static final String INSUFFICIENT_RESOURCES = "53000";
  public static final String QUERY_CANCELED = "57014";
  public static final String IO_ERROR = "58030";
  public static final String GENERAL_ERROR = "HY000";
  public static final String FUNCTION_SEQUENCE = "HY010";
  public static final String TIMEOUT_EXPIRED = "HYT00";
  public static final String INTERNAL = "XX000";
  public static final String DATA_CORRUPTED = "XX001";

  /** The cluster's retryable failure: partitions were moving during a query (issue 21). */
  public static final String SERIALIZATION_FAILURE = "40001";

  /** A cluster node that is not one (no cluster state) (issue 21). */
  public static final String CONNECTION_REJECTED = "08004";

  /** A cluster node failed during a query (issue 21). */
  public static final String CONNECTION_FAILURE = "08006";

  /** {@code Connection.setSchema} with a schema that does not exist. */
  public static final String INVALID_SCHEMA_NAME = "3F000";

  private static final Map<ErrorCode, String> STATES = new EnumMap<>(ErrorCode.class);

  static {
    STATES.put(ErrorCode.INVALID_NAME, INVALID_NAME);
    STATES.put(ErrorCode.INVALID_DURATION, INVALID_PARAMETER);
    STATES.put(ErrorCode.INVALID_LIST, INVALID_PARAMETER);
    STATES.put(ErrorCode.INVALID_WEIGHT, NUMERIC_OUT_OF_RANGE);
    STATES.put(ErrorCode.INVALID_TIMESTAMP, DATETIME_OVERFLOW);
    STATES.put(ErrorCode.INVALID_VALUE, INVALID_CHARACTER_VALUE);
    STATES.put(ErrorCode.INVALID_ARGUMENT, INVALID_PARAMETER);
    STATES.put(ErrorCode.UNDECLARED_DURATION, INVALID_PARAMETER);
    STATES.put(ErrorCode.BEFORE_HORIZON, INVALID_PARAMETER);
    STATES.put(ErrorCode.VALUE_TOO_LONG, STRING_TOO_LONG);
    STATES.put(ErrorCode.NUMERIC_OUT_OF_RANGE, NUMERIC_OUT_OF_RANGE);
    STATES.put(ErrorCode.UNKNOWN_TABLE, TABLE_NOT_FOUND);
    STATES.put(ErrorCode.UNKNOWN_SIGNAL_TYPE, UNDEFINED_OBJECT);
    STATES.put(ErrorCode.UNKNOWN_COLUMN, COLUMN_NOT_FOUND);
    STATES.put(ErrorCode.DUPLICATE_TABLE, TABLE_EXISTS);
    STATES.put(ErrorCode.DUPLICATE_SIGNAL_TYPE, DUPLICATE_OBJECT);
    STATES.put(ErrorCode.DUPLICATE_COLUMN, COLUMN_EXISTS);
    STATES.put(ErrorCode.OBJECT_IN_USE, OBJECT_IN_USE);
    STATES.put(ErrorCode.WRONG_OBJECT_TYPE, WRONG_OBJECT_TYPE);
    STATES.put(ErrorCode.DEPENDENT_OBJECTS, DEPENDENT_OBJECTS);
    STATES.put(ErrorCode.DATATYPE_MISMATCH, DATATYPE_MISMATCH);
    STATES.put(ErrorCode.DUPLICATE_KEY, UNIQUE_VIOLATION);
    STATES.put(ErrorCode.NOT_NULL_VIOLATION, NOT_NULL_VIOLATION);
    STATES.put(ErrorCode.NO_PRIMARY_KEY, INTEGRITY_CONSTRAINT);
    STATES.put(ErrorCode.DATABASE_LOCKED, CONNECTION_FAILED);
    STATES.put(ErrorCode.DATABASE_NOT_FOUND, CONNECTION_FAILED);
    STATES.put(ErrorCode.CLOSED, CONNECTION_CLOSED);
    STATES.put(ErrorCode.READ_ONLY, READ_ONLY_TRANSACTION);
    STATES.put(ErrorCode.QUEUE_FULL, INSUFFICIENT_RESOURCES);
    STATES.put(ErrorCode.CANCELLED, QUERY_CANCELED);
    STATES.put(ErrorCode.IO_ERROR, IO_ERROR);
    STATES.put(ErrorCode.WRITE_PATH_FAILED, IO_ERROR);
    STATES.put(ErrorCode.CORRUPT, DATA_CORRUPTED);
    STATES.put(ErrorCode.UNSUPPORTED_FORMAT, DATA_CORRUPTED);
    STATES.put(ErrorCode.UNSUPPORTED, NOT_SUPPORTED);
    STATES.put(ErrorCode.INTERNAL, INTERNAL);
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
      if (c instanceof AssertionError
          && c.getMessage() != null
          && c.getMessage().startsWith("not a query: ")) {
        // EXISTS EXISTS (SELECT ...): Calcite's parser accepts a predicate where EXISTS needs a
        // sub-query, and its converter asserts (SQL fuzz finding)
        return create(
            "syntax error: a sub-query is expected, not "
                + c.getMessage().substring("not a query: ".length()),
            SYNTAX,
            t);
      }
      if (c instanceof AssertionError && thrownIn(c, "deriveDecimal")) {
        // 0.1234...(50 digits) - 0.5: an exact literal beyond DECIMAL's precision or scale in
        // arithmetic, where the literal alone is refused by the validator (SQL fuzz finding)
        return create(
            "numeric value out of range: an exact number beyond DECIMAL's precision or scale "
                + "(write it with fewer digits, or as a DOUBLE: 3.14E0)",
            NUMERIC_OUT_OF_RANGE,
            t);
      }
      if (c instanceof IllegalStateException
          && c.getMessage() != null
          && c.getMessage().startsWith("more than one value in agg SINGLE_VALUE")) {
        // a scalar subquery that returned several rows (SQL fuzz finding)
        return create(
            "cardinality violation: a scalar subquery returned more than one row",
            CARDINALITY_VIOLATION,
            t);
      }
      if (c instanceof IllegalStateException
          && c.getMessage() != null
          && c.getMessage().startsWith("Unable to implement")) {
        // SQL fuzz findings: LIMIT/OFFSET beyond Calcite's int range; expressions Calcite
        // cannot generate code for, such as ABS(NULL)
        return c.getMessage().startsWith("Unable to implement EnumerableLimit")
            ? create("LIMIT or OFFSET out of range: " + firstLine(c), NUMERIC_OUT_OF_RANGE, t)
            : create("expression not supported: " + firstLine(c), NOT_SUPPORTED, t);
      }
    }
    Throwable root = rootCause(t);
    NumberFormatException nfe = find(t, NumberFormatException.class);
    if (nfe != null) {
      // also when the JDK's parser chained an index error below it: LN('') (SQL fuzz finding)
      return create("invalid number: " + nfe.getMessage(), INVALID_CHARACTER_VALUE, t);
    }
    String msg = root.getMessage() == null ? root.toString() : root.getMessage();
    if (root instanceof NumberFormatException) {
      return create("invalid number: " + msg, INVALID_CHARACTER_VALUE, t);
    }
    if (root instanceof DateTimeException) {
      return create("invalid datetime: " + msg, DATETIME_OVERFLOW, t);
    }
    if (root instanceof ArithmeticException) {
      return create("numeric error: " + msg, NUMERIC_OUT_OF_RANGE, t);
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
      return create("invalid value: " + msg, DATA_EXCEPTION, t);
    }
    if (root instanceof UnsupportedOperationException) {
      return create(msg, NOT_SUPPORTED, t);
    }
    if (root instanceof CalciteException) {
      // Calcite's runtime and literal errors without a parser position: "Substring error",
      // "Invalid character for cast", "Failed to encode ... in character set" (SQL fuzz findings)
      return create("data exception: " + msg, DATA_EXCEPTION, t);
    }
    if (t instanceof SQLException s) {
      String m = s.getMessage() == null ? msg : s.getMessage();
      return create(m, m.contains("not found") ? SYNTAX_OR_ACCESS : INTERNAL, t);
    }
    return create("internal error: " + msg, INTERNAL, t);
  }

  /** Whether {@code e} was thrown by a method of Calcite's type system named {@code prefix}... */
  private static boolean thrownIn(Throwable e, String prefix) {
    StackTraceElement[] st = e.getStackTrace();
    return st.length > 0
        && st[0].getClassName().startsWith("org.apache.calcite.rel.type.")
        && st[0].getMethodName().startsWith(prefix);
  }

  private static String validationState(String msg) {
    if (msg == null) {
      return SYNTAX_OR_ACCESS;
    }
    if (msg.contains("does not allow NULLs")) {
      return NOT_NULL_VIOLATION;
    }
    if (msg.contains("Object '") && msg.contains("not found")) {
      return TABLE_NOT_FOUND;
    }
    if (msg.contains("Column '") && msg.contains("not found")) {
      return COLUMN_NOT_FOUND;
    }
    if (msg.contains("No match found for function signature")) {
      return UNDEFINED_FUNCTION;
    }
    return SYNTAX_OR_ACCESS;
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
