package io.tidal.jdbc;

import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link ResultSetMetaData} that reports, for a result column read straight from a table column,
 * the type the column was declared with, as {@code DatabaseMetaData.getColumns} does: a column
 * declared {@code TEXT}, {@code SMALLINT}, {@code NUMERIC(10, 2)}, {@code CHAR(3)} or {@code BLOB}
 * has that {@code getColumnTypeName} (without the parameters, as JDBC drivers report it), the JDBC
 * type {@code getColumns} gives it in {@code getColumnType}, and its {@code COLUMN_SIZE} /
 * {@code DECIMAL_DIGITS} as {@code getPrecision} / {@code getScale} (a declared length, SMALLINT 5,
 * an unbounded VARCHAR 65535, TIMESTAMP 23 with 3 fractional digits, as JDBC defines them). Computed columns, and columns of views and system tables, keep the SQL
 * type of the value (Calcite's). {@code getColumnClassName} is unchanged: it names the class
 * {@code getObject} returns (a SMALLINT comes back as an Integer, as JDBC's mapping says; a REAL as a
 * Double, tidal keeping REAL in 64 bits).
 *
 * <p>Design notes. Calcite's metadata gives each column's origin (schema, table, column) when the
 * select item is a plain column reference; that origin is looked up in the connection's catalog
 * once, when the metadata is wrapped.
 */
final class DeclaredMetaData extends JdbcProxy {
  private final ResultSetMetaData delegate;

  /** Per column (0-based), the declared table column, or null. */
  private final Column[] declared;

  private DeclaredMetaData(ResultSetMetaData delegate, Column[] declared) {
    super(ResultSetMetaData.class);
    this.delegate = delegate;
    this.declared = declared;
  }

  /** {@code md} reporting declared types for the columns of {@code schema}'s tables. */
  static ResultSetMetaData wrap(ResultSetMetaData md, Schema schema) throws SQLException {
    if (md == null || schema == null) {
      return md;
    }
    int n = md.getColumnCount();
    Column[] declared = new Column[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      declared[i] = origin(md, i + 1, schema);
      any |= declared[i] != null;
    }
    return any ? create(ResultSetMetaData.class, new DeclaredMetaData(md, declared)) : md;
  }

  /** {@code md} for the result sets of {@code statement} (a tidal statement), else unchanged. */
  static ResultSetMetaData wrap(ResultSetMetaData md, Object statement) throws SQLException {
    if (!(statement instanceof Statement s)) {
      return md;
    }
    Object c = s.getConnection();
    if (c == null
        || !Proxy.isProxyClass(c.getClass())
        || !(Proxy.getInvocationHandler(c) instanceof ConnectionHandler h)) {
      return md;
    }
    return wrap(md, h.session().db().schema());
  }

  private static Column origin(ResultSetMetaData md, int i, Schema schema) throws SQLException {
    String table = md.getTableName(i);
    String column = md.getColumnName(i);
    if (table == null || column == null || !"TIDAL".equals(md.getSchemaName(i))) {
      return null;
    }
    EntityTable t = schema.table(table).orElse(null);
    int c = t == null ? -1 : t.columnIndex(column);
    if (c < 0) {
      return null;
    }
    return t.columns().get(c);
  }

  @Override
  Object handle(Object proxy, Method m, String name, Object[] args) throws Throwable {
    Column c = args.length == 1 && args[0] instanceof Integer i ? column(i) : null;
    if (c != null) {
      switch (name) {
        case "getColumnTypeName":
          return c.declaredType();
        case "getColumnType":
          return MetaRows.declaredJdbcType(
              c.declaredType(), delegate.getColumnType((Integer) args[0]));
        case "getPrecision":
          return precision(c, delegate.getPrecision((Integer) args[0]));
        case "getScale":
          return c.type() == ColumnType.TIMESTAMP || c.type() == ColumnType.TIME
              ? 3
              : forward(delegate, m, args);
        default:
          break;
      }
    }
    return forward(delegate, m, args);
  }

  /** {@code getColumns}' COLUMN_SIZE of a column. */
  private static int precision(Column c, int calcite) {
    if (c.length() >= 0) { // a CHAR/VARCHAR/BINARY length or a DECIMAL precision
      return c.length();
    }
    return switch (c.type()) {
      case VARCHAR, VARBINARY -> 65535;
      case TIMESTAMP -> 23;
      case DATE -> 10;
      case TIME -> 12;
      default -> MetaRows.declaredSize(c.declaredType(), calcite);
    };
  }

  private Column column(int i) {
    return i >= 1 && i <= declared.length ? declared[i - 1] : null;
  }
}
