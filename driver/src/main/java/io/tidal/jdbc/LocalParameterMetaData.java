package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Parameter metadata of the statements tidal runs itself ({@link LocalStatementHandler}): one JDBC
 * type per {@code ?}. Avatica's server asks every prepared statement for it, so the remote
 * driver cannot prepare a statement without it.
 */
final class LocalParameterMetaData implements ParameterMetaData {
  private final int[] types;

  LocalParameterMetaData(int[] types) {
    this.types = types.clone();
  }

  /** Types of an {@code INSERT INTO signals} whose {@code ?}s fill the given SIGNALS columns. */
  static LocalParameterMetaData forSignalColumns(int[] columns) {
    int[] t = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      t[i] =
          switch (columns[i]) {
            case 2 -> Types.DOUBLE;
            case 3 -> Types.TIMESTAMP;
            default -> Types.VARCHAR;
          };
    }
    return new LocalParameterMetaData(t);
  }

  private int type(int param) throws SQLException {
    if (param < 1 || param > types.length) {
      throw new SQLException(
          "parameter index " + param + " out of range 1.." + types.length,
          SqlStates.INVALID_PARAMETER);
    }
    return types[param - 1];
  }

  @Override
  public int getParameterCount() {
    return types.length;
  }

  @Override
  public int isNullable(int param) throws SQLException {
    type(param);
    return parameterNullable;
  }

  @Override
  public boolean isSigned(int param) throws SQLException {
    return type(param) == Types.DOUBLE;
  }

  @Override
  public int getPrecision(int param) throws SQLException {
    return switch (type(param)) {
      case Types.DOUBLE -> 15;
      case Types.TIMESTAMP -> 23;
      default -> Integer.MAX_VALUE;
    };
  }

  @Override
  public int getScale(int param) throws SQLException {
    return type(param) == Types.TIMESTAMP ? 3 : 0;
  }

  @Override
  public int getParameterType(int param) throws SQLException {
    return type(param);
  }

  @Override
  public String getParameterTypeName(int param) throws SQLException {
    return switch (type(param)) {
      case Types.DOUBLE -> "DOUBLE";
      case Types.TIMESTAMP -> "TIMESTAMP";
      default -> "VARCHAR";
    };
  }

  @Override
  public String getParameterClassName(int param) throws SQLException {
    return switch (type(param)) {
      case Types.DOUBLE -> Double.class.getName();
      case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
      default -> String.class.getName();
    };
  }

  @Override
  public int getParameterMode(int param) throws SQLException {
    type(param);
    return parameterModeIn;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName(), SqlStates.NOT_SUPPORTED);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
