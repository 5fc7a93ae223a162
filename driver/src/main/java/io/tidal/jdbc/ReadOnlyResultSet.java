package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
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
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A read-only result set: every update method (and the row insertion, deletion and refresh ones)
 * fails with the not-supported SQLState, as the {@link JdbcProxy} result sets answer them; a getter
 * by column label is the getter by the index {@link #findColumn} gives, as in the proxies.
 */
abstract class ReadOnlyResultSet extends LabelUpdates {
  @Override
  public void cancelRowUpdates() throws SQLException {
    throw SqlStates.notSupported("cancelRowUpdates on a result set");
  }

  @Override
  public void deleteRow() throws SQLException {
    throw SqlStates.notSupported("deleteRow on a result set");
  }

  @Override
  public void insertRow() throws SQLException {
    throw SqlStates.notSupported("insertRow on a result set");
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    throw SqlStates.notSupported("moveToCurrentRow on a result set");
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    throw SqlStates.notSupported("moveToInsertRow on a result set");
  }

  @Override
  public void refreshRow() throws SQLException {
    throw SqlStates.notSupported("refreshRow on a result set");
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    throw SqlStates.notSupported("rowDeleted on a result set");
  }

  @Override
  public boolean rowInserted() throws SQLException {
    throw SqlStates.notSupported("rowInserted on a result set");
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    throw SqlStates.notSupported("rowUpdated on a result set");
  }

  @Override
  public void updateArray(int i, Array a1) throws SQLException {
    throw SqlStates.notSupported("updateArray on a result set");
  }

  @Override
  public void updateAsciiStream(int i, InputStream a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateAsciiStream on a result set");
  }

  @Override
  public void updateAsciiStream(int i, InputStream a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateAsciiStream on a result set");
  }

  @Override
  public void updateAsciiStream(int i, InputStream a1) throws SQLException {
    throw SqlStates.notSupported("updateAsciiStream on a result set");
  }

  @Override
  public void updateBigDecimal(int i, BigDecimal a1) throws SQLException {
    throw SqlStates.notSupported("updateBigDecimal on a result set");
  }

  @Override
  public void updateBinaryStream(int i, InputStream a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateBinaryStream on a result set");
  }

  @Override
  public void updateBinaryStream(int i, InputStream a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateBinaryStream on a result set");
  }

  @Override
  public void updateBinaryStream(int i, InputStream a1) throws SQLException {
    throw SqlStates.notSupported("updateBinaryStream on a result set");
  }

  @Override
  public void updateBlob(int i, InputStream a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateBlob on a result set");
  }

  @Override
  public void updateBlob(int i, InputStream a1) throws SQLException {
    throw SqlStates.notSupported("updateBlob on a result set");
  }

  @Override
  public void updateBlob(int i, Blob a1) throws SQLException {
    throw SqlStates.notSupported("updateBlob on a result set");
  }

  @Override
  public void updateBoolean(int i, boolean a1) throws SQLException {
    throw SqlStates.notSupported("updateBoolean on a result set");
  }

  @Override
  public void updateByte(int i, byte a1) throws SQLException {
    throw SqlStates.notSupported("updateByte on a result set");
  }

  @Override
  public void updateBytes(int i, byte[] a1) throws SQLException {
    throw SqlStates.notSupported("updateBytes on a result set");
  }

  @Override
  public void updateCharacterStream(int i, Reader a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateCharacterStream on a result set");
  }

  @Override
  public void updateCharacterStream(int i, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateCharacterStream on a result set");
  }

  @Override
  public void updateCharacterStream(int i, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateCharacterStream on a result set");
  }

  @Override
  public void updateClob(int i, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateClob on a result set");
  }

  @Override
  public void updateClob(int i, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateClob on a result set");
  }

  @Override
  public void updateClob(int i, Clob a1) throws SQLException {
    throw SqlStates.notSupported("updateClob on a result set");
  }

  @Override
  public void updateDate(int i, Date a1) throws SQLException {
    throw SqlStates.notSupported("updateDate on a result set");
  }

  @Override
  public void updateDouble(int i, double a1) throws SQLException {
    throw SqlStates.notSupported("updateDouble on a result set");
  }

  @Override
  public void updateFloat(int i, float a1) throws SQLException {
    throw SqlStates.notSupported("updateFloat on a result set");
  }

  @Override
  public void updateInt(int i, int a1) throws SQLException {
    throw SqlStates.notSupported("updateInt on a result set");
  }

  @Override
  public void updateLong(int i, long a1) throws SQLException {
    throw SqlStates.notSupported("updateLong on a result set");
  }

  @Override
  public void updateNCharacterStream(int i, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateNCharacterStream on a result set");
  }

  @Override
  public void updateNCharacterStream(int i, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateNCharacterStream on a result set");
  }

  @Override
  public void updateNClob(int i, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateNClob on a result set");
  }

  @Override
  public void updateNClob(int i, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateNClob on a result set");
  }

  @Override
  public void updateNClob(int i, NClob a1) throws SQLException {
    throw SqlStates.notSupported("updateNClob on a result set");
  }

  @Override
  public void updateNString(int i, String a1) throws SQLException {
    throw SqlStates.notSupported("updateNString on a result set");
  }

  @Override
  public void updateNull(int i) throws SQLException {
    throw SqlStates.notSupported("updateNull on a result set");
  }

  @Override
  public void updateObject(int i, Object a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateObject(int i, Object a1, SQLType a2, int a3) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateObject(int i, Object a1, SQLType a2) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateObject(int i, Object a1) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateRef(int i, Ref a1) throws SQLException {
    throw SqlStates.notSupported("updateRef on a result set");
  }

  @Override
  public void updateRow() throws SQLException {
    throw SqlStates.notSupported("updateRow on a result set");
  }

  @Override
  public void updateRowId(int i, RowId a1) throws SQLException {
    throw SqlStates.notSupported("updateRowId on a result set");
  }

  @Override
  public void updateSQLXML(int i, SQLXML a1) throws SQLException {
    throw SqlStates.notSupported("updateSQLXML on a result set");
  }

  @Override
  public void updateShort(int i, short a1) throws SQLException {
    throw SqlStates.notSupported("updateShort on a result set");
  }

  @Override
  public void updateString(int i, String a1) throws SQLException {
    throw SqlStates.notSupported("updateString on a result set");
  }

  @Override
  public void updateTime(int i, Time a1) throws SQLException {
    throw SqlStates.notSupported("updateTime on a result set");
  }

  @Override
  public void updateTimestamp(int i, Timestamp a1) throws SQLException {
    throw SqlStates.notSupported("updateTimestamp on a result set");
  }

  @Override
  public Array getArray(String label) throws SQLException {
    return getArray(findColumn(label));
  }

  @Override
  public InputStream getAsciiStream(String label) throws SQLException {
    return getAsciiStream(findColumn(label));
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public BigDecimal getBigDecimal(String label, int a1) throws SQLException {
    return getBigDecimal(findColumn(label), a1);
  }

  @Override
  public BigDecimal getBigDecimal(String label) throws SQLException {
    return getBigDecimal(findColumn(label));
  }

  @Override
  public InputStream getBinaryStream(String label) throws SQLException {
    return getBinaryStream(findColumn(label));
  }

  @Override
  public Blob getBlob(String label) throws SQLException {
    return getBlob(findColumn(label));
  }

  @Override
  public boolean getBoolean(String label) throws SQLException {
    return getBoolean(findColumn(label));
  }

  @Override
  public byte getByte(String label) throws SQLException {
    return getByte(findColumn(label));
  }

  @Override
  public byte[] getBytes(String label) throws SQLException {
    return getBytes(findColumn(label));
  }

  @Override
  public Reader getCharacterStream(String label) throws SQLException {
    return getCharacterStream(findColumn(label));
  }

  @Override
  public Clob getClob(String label) throws SQLException {
    return getClob(findColumn(label));
  }

  @Override
  public Date getDate(String label, Calendar a1) throws SQLException {
    return getDate(findColumn(label), a1);
  }

  @Override
  public Date getDate(String label) throws SQLException {
    return getDate(findColumn(label));
  }

  @Override
  public double getDouble(String label) throws SQLException {
    return getDouble(findColumn(label));
  }

  @Override
  public float getFloat(String label) throws SQLException {
    return getFloat(findColumn(label));
  }

  @Override
  public int getInt(String label) throws SQLException {
    return getInt(findColumn(label));
  }

  @Override
  public long getLong(String label) throws SQLException {
    return getLong(findColumn(label));
  }

  @Override
  public Reader getNCharacterStream(String label) throws SQLException {
    return getNCharacterStream(findColumn(label));
  }

  @Override
  public NClob getNClob(String label) throws SQLException {
    return getNClob(findColumn(label));
  }

  @Override
  public String getNString(String label) throws SQLException {
    return getNString(findColumn(label));
  }

  @Override
  public <T> T getObject(String label, Class<T> a1) throws SQLException {
    return getObject(findColumn(label), a1);
  }

  @Override
  public Object getObject(String label, Map<String, Class<?>> a1) throws SQLException {
    return getObject(findColumn(label), a1);
  }

  @Override
  public Object getObject(String label) throws SQLException {
    return getObject(findColumn(label));
  }

  @Override
  public Ref getRef(String label) throws SQLException {
    return getRef(findColumn(label));
  }

  @Override
  public RowId getRowId(String label) throws SQLException {
    return getRowId(findColumn(label));
  }

  @Override
  public SQLXML getSQLXML(String label) throws SQLException {
    return getSQLXML(findColumn(label));
  }

  @Override
  public short getShort(String label) throws SQLException {
    return getShort(findColumn(label));
  }

  @Override
  public String getString(String label) throws SQLException {
    return getString(findColumn(label));
  }

  @Override
  public Time getTime(String label, Calendar a1) throws SQLException {
    return getTime(findColumn(label), a1);
  }

  @Override
  public Time getTime(String label) throws SQLException {
    return getTime(findColumn(label));
  }

  @Override
  public Timestamp getTimestamp(String label, Calendar a1) throws SQLException {
    return getTimestamp(findColumn(label), a1);
  }

  @Override
  public Timestamp getTimestamp(String label) throws SQLException {
    return getTimestamp(findColumn(label));
  }

  @Override
  public URL getURL(String label) throws SQLException {
    return getURL(findColumn(label));
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public InputStream getUnicodeStream(String label) throws SQLException {
    return getUnicodeStream(findColumn(label));
  }
}
