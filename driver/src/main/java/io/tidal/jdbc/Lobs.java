package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Blob;
import java.sql.SQLException;
import javax.sql.rowset.serial.SerialBlob;

/**
 * Large-object access for VARBINARY and character values through JDBC: streams and {@link Blob}s bound to a parameter are read into a byte
 * array (Calcite binds byte strings, not streams), and {@code getBlob} / {@code getBinaryStream}
 * return the column's bytes as a {@link SerialBlob} / a byte array stream, and {@code getClob} a
 * column's text as a {@code SerialClob} (a column declared CLOB reports type CLOB). A tidal value is at most
 * what one row holds, so reading it whole is what the engine does anyway.
 */
final class Lobs {
  private Lobs() {}

  /**
   * The bytes of a {@code setBinaryStream} / {@code setBlob} argument list ({@code (i, stream [,
   * length])} or {@code (i, blob)}); null for a null stream or blob.
   *
   * @throws SQLException 22000 naming the parameter when the stream fails or holds fewer bytes than
   *     the length given
   */
  static byte[] read(Object[] args) throws SQLException {
    Object v = args[1];
    int i = (Integer) args[0];
    if (v == null) {
      return null;
    }
    if (v instanceof Blob b) {
      long n = b.length();
      if (n > Integer.MAX_VALUE) {
        throw SqlStates.create(
            "BLOB of " + n + " bytes for parameter " + i + " is too large",
            SqlStates.STRING_TOO_LONG,
            null);
      }
      return n == 0 ? new byte[0] : b.getBytes(1, (int) n); // SerialBlob refuses (1, 0)
    }
    InputStream in = (InputStream) v;
    long length = args.length > 2 ? ((Number) args[2]).longValue() : -1;
    try {
      if (length < 0) {
        return in.readAllBytes();
      }
      if (length > Integer.MAX_VALUE) {
        throw SqlStates.create(
            "stream of " + length + " bytes for parameter " + i + " is too large",
            SqlStates.STRING_TOO_LONG,
            null);
      }
      byte[] b = in.readNBytes((int) length);
      if (b.length < length) {
        throw SqlStates.create(
            "stream for parameter "
                + i
                + " ended after "
                + b.length
                + " bytes, "
                + length
                + " were announced",
            SqlStates.DATA_EXCEPTION,
            null);
      }
      return b;
    } catch (IOException e) {
      throw SqlStates.create(
          "reading the stream for parameter " + i + " failed: " + e.getMessage(),
          SqlStates.DATA_EXCEPTION,
          e);
    }
  }

  /** The value of {@code getBinaryStream} (Avatica's accessor has none): the bytes, or null. */
  static InputStream stream(byte[] bytes) {
    return bytes == null ? null : new java.io.ByteArrayInputStream(bytes);
  }

  /** The value of {@code getClob} (a CLOB column holds a string): the text, or null. */
  static java.sql.Clob clob(String text) throws SQLException {
    return text == null ? null : new javax.sql.rowset.serial.SerialClob(text.toCharArray());
  }

  /** The value of {@code getBlob}: the column's bytes, or null. */
  static Blob blob(byte[] bytes) throws SQLException {
    return bytes == null ? null : new SerialBlob(bytes);
  }
}
