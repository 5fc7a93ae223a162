package io.tidal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A read-only result set forwarding every read by column index (and the cursor and property calls)
 * to {@link #target()}: a subclass overrides the calls it answers itself (the hot ones) and leaves
 * the rest to the target, so that both keep one behaviour.
 */
abstract class ForwardingResultSet extends ReadOnlyResultSet {
  /** The result set answering every call this class does not override. */
  abstract ResultSet target() throws SQLException;

  @Override
  public boolean absolute(int i) throws SQLException {
    return target().absolute(i);
  }

  @Override
  public void afterLast() throws SQLException {
    target().afterLast();
  }

  @Override
  public void beforeFirst() throws SQLException {
    target().beforeFirst();
  }

  @Override
  public void clearWarnings() throws SQLException {
    target().clearWarnings();
  }

  @Override
  public void close() throws SQLException {
    target().close();
  }

  @Override
  public boolean first() throws SQLException {
    return target().first();
  }

  @Override
  public Array getArray(int i) throws SQLException {
    return target().getArray(i);
  }

  @Override
  public InputStream getAsciiStream(int i) throws SQLException {
    return target().getAsciiStream(i);
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public BigDecimal getBigDecimal(int i, int a1) throws SQLException {
    return target().getBigDecimal(i, a1);
  }

  @Override
  public BigDecimal getBigDecimal(int i) throws SQLException {
    return target().getBigDecimal(i);
  }

  @Override
  public InputStream getBinaryStream(int i) throws SQLException {
    return target().getBinaryStream(i);
  }

  @Override
  public Blob getBlob(int i) throws SQLException {
    return target().getBlob(i);
  }

  @Override
  public boolean getBoolean(int i) throws SQLException {
    return target().getBoolean(i);
  }

  @Override
  public byte getByte(int i) throws SQLException {
    return target().getByte(i);
  }

  @Override
  public byte[] getBytes(int i) throws SQLException {
    return target().getBytes(i);
  }

  @Override
  public Reader getCharacterStream(int i) throws SQLException {
    return target().getCharacterStream(i);
  }

  @Override
  public Clob getClob(int i) throws SQLException {
    return target().getClob(i);
  }

  @Override
  public int getConcurrency() throws SQLException {
    return target().getConcurrency();
  }

  @Override
  public String getCursorName() throws SQLException {
    return target().getCursorName();
  }

  @Override
  public Date getDate(int i, Calendar a1) throws SQLException {
    return target().getDate(i, a1);
  }

  @Override
  public Date getDate(int i) throws SQLException {
    return target().getDate(i);
  }

  @Override
  public double getDouble(int i) throws SQLException {
    return target().getDouble(i);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return target().getFetchDirection();
  }

  @Override
  public int getFetchSize() throws SQLException {
    return target().getFetchSize();
  }

  @Override
  public float getFloat(int i) throws SQLException {
    return target().getFloat(i);
  }

  @Override
  public int getHoldability() throws SQLException {
    return target().getHoldability();
  }

  @Override
  public int getInt(int i) throws SQLException {
    return target().getInt(i);
  }

  @Override
  public long getLong(int i) throws SQLException {
    return target().getLong(i);
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return target().getMetaData();
  }

  @Override
  public Reader getNCharacterStream(int i) throws SQLException {
    return target().getNCharacterStream(i);
  }

  @Override
  public NClob getNClob(int i) throws SQLException {
    return target().getNClob(i);
  }

  @Override
  public String getNString(int i) throws SQLException {
    return target().getNString(i);
  }

  @Override
  public <T> T getObject(int i, Class<T> a1) throws SQLException {
    return target().getObject(i, a1);
  }

  @Override
  public Object getObject(int i, Map<String, Class<?>> a1) throws SQLException {
    return target().getObject(i, a1);
  }

  @Override
  public Object getObject(int i) throws SQLException {
    return target().getObject(i);
  }

  @Override
  public Ref getRef(int i) throws SQLException {
    return target().getRef(i);
  }

  @Override
  public int getRow() throws SQLException {
    return target().getRow();
  }

  @Override
  public RowId getRowId(int i) throws SQLException {
    return target().getRowId(i);
  }

  @Override
  public SQLXML getSQLXML(int i) throws SQLException {
    return target().getSQLXML(i);
  }

  @Override
  public short getShort(int i) throws SQLException {
    return target().getShort(i);
  }

  @Override
  public Statement getStatement() throws SQLException {
    return target().getStatement();
  }

  @Override
  public String getString(int i) throws SQLException {
    return target().getString(i);
  }

  @Override
  public Time getTime(int i, Calendar a1) throws SQLException {
    return target().getTime(i, a1);
  }

  @Override
  public Time getTime(int i) throws SQLException {
    return target().getTime(i);
  }

  @Override
  public Timestamp getTimestamp(int i, Calendar a1) throws SQLException {
    return target().getTimestamp(i, a1);
  }

  @Override
  public Timestamp getTimestamp(int i) throws SQLException {
    return target().getTimestamp(i);
  }

  @Override
  public int getType() throws SQLException {
    return target().getType();
  }

  @Override
  public URL getURL(int i) throws SQLException {
    return target().getURL(i);
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public InputStream getUnicodeStream(int i) throws SQLException {
    return target().getUnicodeStream(i);
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return target().getWarnings();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    return target().isAfterLast();
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    return target().isBeforeFirst();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return target().isClosed();
  }

  @Override
  public boolean isFirst() throws SQLException {
    return target().isFirst();
  }

  @Override
  public boolean isLast() throws SQLException {
    return target().isLast();
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws SQLException {
    return target().isWrapperFor(a0);
  }

  @Override
  public boolean last() throws SQLException {
    return target().last();
  }

  @Override
  public boolean next() throws SQLException {
    return target().next();
  }

  @Override
  public boolean previous() throws SQLException {
    return target().previous();
  }

  @Override
  public boolean relative(int i) throws SQLException {
    return target().relative(i);
  }

  @Override
  public void setFetchDirection(int i) throws SQLException {
    target().setFetchDirection(i);
  }

  @Override
  public void setFetchSize(int i) throws SQLException {
    target().setFetchSize(i);
  }

  @Override
  public <T> T unwrap(Class<T> a0) throws SQLException {
    return target().unwrap(a0);
  }

  @Override
  public boolean wasNull() throws SQLException {
    return target().wasNull();
  }
}
