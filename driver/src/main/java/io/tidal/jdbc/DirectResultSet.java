package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaSite;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.util.Cursor;
import org.apache.calcite.jdbc.CalcitePrepare;

/**
 * The rows of a {@link DirectQuery}: a forward-only, read-only ResultSet over the plan's rows,
 * read through Avatica's own cursor and accessors (so every getter converts exactly as Calcite's
 * result sets do: {@code getObject} by the column's type, {@code getString} of a number, NULLs and
 * {@code wasNull}), wrapped in {@link ResultSetHandler} as Calcite's are (wall-clock time
 * conversions, the statement's {@code maxRows}).
 */
final class DirectResultSet extends JdbcProxy {
  private final List<ColumnMetaData> columns;
  private final Cursor cursor;
  private final List<Cursor.Accessor> accessors;
  private final Calendar calendar;
  private final ResultSetMetaData metaData;
  private final Object statement;
  private long row;
  private boolean done;
  private boolean closed;

  private DirectResultSet(
      List<ColumnMetaData> columns,
      Cursor cursor,
      Calendar calendar,
      ResultSetMetaData metaData,
      Object statement) {
    super(ResultSet.class);
    this.columns = columns;
    this.cursor = cursor;
    this.accessors = cursor.createAccessors(columns, calendar, null);
    this.calendar = calendar;
    this.metaData = metaData;
    this.statement = statement;
  }

  static ResultSet open(
      CalcitePrepare.CalciteSignature<?> signature,
      Iterable<Object> rows,
      Calendar calendar,
      ResultSetMetaData metaData,
      long maxRows,
      Object statement) {
    Cursor cursor = MetaImpl.createCursor(signature.cursorFactory, rows);
    DirectResultSet h =
        new DirectResultSet(signature.columns, cursor, calendar, metaData, statement);
    return new DirectRows(h, statement, maxRows);
  }

  /** {@code close()}. */
  void close() {
    if (!closed) {
      closed = true;
      cursor.close();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** {@code wasNull()}. */
  boolean wasNull() throws SQLException {
    open();
    return cursor.wasNull();
  }

  /** {@code findColumn(label)}. */
  int column(String label) throws SQLException {
    open();
    return findColumn(label);
  }

  /** {@code getObject(i)} before the wall-clock conversion of times. */
  Object object(int i) throws SQLException {
    Cursor.Accessor a = accessor(i);
    ColumnMetaData c = columns.get(i - 1);
    return AvaticaSite.get(a, c.type.id, c.signed, calendar);
  }

  private void open() throws SQLException {
    if (closed) {
      throw SqlStates.create("result set is closed", SqlStates.FUNCTION_SEQUENCE, null);
    }
  }

  @Override
  Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "close":
        close();
        return null;
      case "isClosed":
        return closed;
      default:
        break;
    }
    open();
    if (name.startsWith("get")
        && args.length >= 1
        && (args[0] instanceof Integer || args[0] instanceof String)) {
      Object v = get(name, args);
      if (v != NOT_A_GETTER) {
        return v;
      }
    }
    switch (name) {
      case "next":
        return next();
      case "wasNull":
        return cursor.wasNull();
      case "getMetaData":
        return metaData;
      case "findColumn":
        return findColumn((String) args[0]);
      case "getStatement":
        return statement;
      case "getRow":
        return done ? 0 : (int) row;
      case "isBeforeFirst":
        return row == 0 && !done;
      case "isAfterLast":
        return done && row > 0;
      case "getFetchSize", "getFetchDirection", "getType", "getConcurrency", "getHoldability":
        return ListResultSet.forwardOnly(name);
      case "setFetchSize", "setFetchDirection", "clearWarnings", "getWarnings":
        return null;
      default:
        throw SqlStates.notSupported(name + " on a result set");
    }
  }

  private static final Object NOT_A_GETTER = new Object();

  /** {@code next()}, without the statement's {@code maxRows} (the caller applies it). */
  boolean next() throws SQLException {
    if (done) {
      done = true;
      return false;
    }
    if (cursor.next()) {
      row++;
      return true;
    }
    done = true;
    return false;
  }

  /** A typed getter by index or label, through the column's Avatica accessor. */
  private Object get(String name, Object[] args) throws SQLException {
    int i = args[0] instanceof Integer n ? n : findColumn((String) args[0]);
    Cursor.Accessor a = accessor(i);
    Calendar cal = args.length == 2 && args[1] instanceof Calendar c ? c : calendar;
    return switch (name) {
      case "getString", "getNString" -> a.getString();
      case "getBoolean" -> a.getBoolean();
      case "getByte" -> a.getByte();
      case "getShort" -> a.getShort();
      case "getInt" -> a.getInt();
      case "getLong" -> a.getLong();
      case "getFloat" -> a.getFloat();
      case "getDouble" -> a.getDouble();
      case "getBigDecimal" ->
          args.length == 2 ? a.getBigDecimal((Integer) args[1]) : a.getBigDecimal();
      case "getBytes" -> a.getBytes();
      case "getDate" -> a.getDate(cal);
      case "getTime" -> a.getTime(cal);
      case "getTimestamp" -> a.getTimestamp(cal);
      case "getObject" -> getObject(i, a, args);
      case "getCharacterStream", "getNCharacterStream" -> a.getCharacterStream();
      case "getAsciiStream" -> a.getAsciiStream();
      case "getBinaryStream" -> a.getBinaryStream();
      case "getBlob" -> Lobs.blob(a.getBytes());
      case "getClob" -> Lobs.clob(a.getString());
      default -> NOT_A_GETTER;
    };
  }

  /**
   * The accessor of column {@code i} of the current row: the result set is open, {@code i} in range
   * and a row current, or a SQLException saying which.
   */
  Cursor.Accessor accessor(int i) throws SQLException {
    open();
    if (i < 1 || i > accessors.size()) {
      throw SqlStates.create(
          "column index " + i + " out of range (1.." + accessors.size() + ")",
          SqlStates.INVALID_DESCRIPTOR_INDEX,
          null);
    }
    if (row == 0 || done) {
      throw SqlStates.create(
          "no current row: call next() first", SqlStates.INVALID_CURSOR_STATE, null);
    }
    return accessors.get(i - 1);
  }

  @SuppressWarnings("unchecked")
  private Object getObject(int i, Cursor.Accessor a, Object[] args) throws SQLException {
    if (args.length == 2 && args[1] instanceof Class<?> c) {
      return a.getObject(c);
    }
    if (args.length == 2 && args[1] instanceof Map<?, ?> map) {
      return a.getObject((Map<String, Class<?>>) map);
    }
    ColumnMetaData c = columns.get(i - 1);
    return AvaticaSite.get(a, c.type.id, c.signed, calendar);
  }

  /** The first column whose label matches, ignoring case (as Avatica's result sets do). */
  private int findColumn(String label) throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).label.equalsIgnoreCase(label)) {
        return i + 1;
      }
    }
    throw SqlStates.create("column '" + label + "' not found", SqlStates.UNDEFINED_COLUMN, null);
  }
}
