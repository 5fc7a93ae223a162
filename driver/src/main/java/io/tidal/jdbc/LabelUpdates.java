package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * First base of the result sets tidal implements as classes rather than {@link JdbcProxy} proxies
 * ({@link DirectRows}): the update methods by column label, failing with the not-supported SQLState
 * as the proxies answer them (the result sets are read-only). Split from {@link ReadOnlyResultSet}
 * only to keep each class readable.
 */
abstract class LabelUpdates implements ResultSet {
  @Override
  public void updateArray(String label, Array a1) throws SQLException {
    throw SqlStates.notSupported("updateArray on a result set");
  }

  @Override
  public void updateAsciiStream(String label, InputStream a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateAsciiStream on a result set");
  }

  @Override
  public void updateAsciiStream(String label, InputStream a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateAsciiStream on a result set");
  }

  @Override
  public void updateAsciiStream(String label, InputStream a1) throws SQLException {
    throw SqlStates.notSupported("updateAsciiStream on a result set");
  }

  @Override
  public void updateBigDecimal(String label, BigDecimal a1) throws SQLException {
    throw SqlStates.notSupported("updateBigDecimal on a result set");
  }

  @Override
  public void updateBinaryStream(String label, InputStream a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateBinaryStream on a result set");
  }

  @Override
  public void updateBinaryStream(String label, InputStream a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateBinaryStream on a result set");
  }

  @Override
  public void updateBinaryStream(String label, InputStream a1) throws SQLException {
    throw SqlStates.notSupported("updateBinaryStream on a result set");
  }

  @Override
  public void updateBlob(String label, InputStream a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateBlob on a result set");
  }

  @Override
  public void updateBlob(String label, InputStream a1) throws SQLException {
    throw SqlStates.notSupported("updateBlob on a result set");
  }

  @Override
  public void updateBlob(String label, Blob a1) throws SQLException {
    throw SqlStates.notSupported("updateBlob on a result set");
  }

  @Override
  public void updateBoolean(String label, boolean a1) throws SQLException {
    throw SqlStates.notSupported("updateBoolean on a result set");
  }

  @Override
  public void updateByte(String label, byte a1) throws SQLException {
    throw SqlStates.notSupported("updateByte on a result set");
  }

  @Override
  public void updateBytes(String label, byte[] a1) throws SQLException {
    throw SqlStates.notSupported("updateBytes on a result set");
  }

  @Override
  public void updateCharacterStream(String label, Reader a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateCharacterStream on a result set");
  }

  @Override
  public void updateCharacterStream(String label, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateCharacterStream on a result set");
  }

  @Override
  public void updateCharacterStream(String label, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateCharacterStream on a result set");
  }

  @Override
  public void updateClob(String label, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateClob on a result set");
  }

  @Override
  public void updateClob(String label, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateClob on a result set");
  }

  @Override
  public void updateClob(String label, Clob a1) throws SQLException {
    throw SqlStates.notSupported("updateClob on a result set");
  }

  @Override
  public void updateDate(String label, Date a1) throws SQLException {
    throw SqlStates.notSupported("updateDate on a result set");
  }

  @Override
  public void updateDouble(String label, double a1) throws SQLException {
    throw SqlStates.notSupported("updateDouble on a result set");
  }

  @Override
  public void updateFloat(String label, float a1) throws SQLException {
    throw SqlStates.notSupported("updateFloat on a result set");
  }

  @Override
  public void updateInt(String label, int a1) throws SQLException {
    throw SqlStates.notSupported("updateInt on a result set");
  }

  @Override
  public void updateLong(String label, long a1) throws SQLException {
    throw SqlStates.notSupported("updateLong on a result set");
  }

  @Override
  public void updateNCharacterStream(String label, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateNCharacterStream on a result set");
  }

  @Override
  public void updateNCharacterStream(String label, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateNCharacterStream on a result set");
  }

  @Override
  public void updateNClob(String label, Reader a1, long a2) throws SQLException {
    throw SqlStates.notSupported("updateNClob on a result set");
  }

  @Override
  public void updateNClob(String label, Reader a1) throws SQLException {
    throw SqlStates.notSupported("updateNClob on a result set");
  }

  @Override
  public void updateNClob(String label, NClob a1) throws SQLException {
    throw SqlStates.notSupported("updateNClob on a result set");
  }

  @Override
  public void updateNString(String label, String a1) throws SQLException {
    throw SqlStates.notSupported("updateNString on a result set");
  }

  @Override
  public void updateNull(String label) throws SQLException {
    throw SqlStates.notSupported("updateNull on a result set");
  }

  @Override
  public void updateObject(String label, Object a1, int a2) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateObject(String label, Object a1, SQLType a2, int a3) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateObject(String label, Object a1, SQLType a2) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateObject(String label, Object a1) throws SQLException {
    throw SqlStates.notSupported("updateObject on a result set");
  }

  @Override
  public void updateRef(String label, Ref a1) throws SQLException {
    throw SqlStates.notSupported("updateRef on a result set");
  }

  @Override
  public void updateRowId(String label, RowId a1) throws SQLException {
    throw SqlStates.notSupported("updateRowId on a result set");
  }

  @Override
  public void updateSQLXML(String label, SQLXML a1) throws SQLException {
    throw SqlStates.notSupported("updateSQLXML on a result set");
  }

  @Override
  public void updateShort(String label, short a1) throws SQLException {
    throw SqlStates.notSupported("updateShort on a result set");
  }

  @Override
  public void updateString(String label, String a1) throws SQLException {
    throw SqlStates.notSupported("updateString on a result set");
  }

  @Override
  public void updateTime(String label, Time a1) throws SQLException {
    throw SqlStates.notSupported("updateTime on a result set");
  }

  @Override
  public void updateTimestamp(String label, Timestamp a1) throws SQLException {
    throw SqlStates.notSupported("updateTimestamp on a result set");
  }
}
