package io.tidal.calcite;

import io.tidal.RowWriter;
import io.tidal.TidalDB;

/**
 * What a connection's schema reads and writes through: the database, and the writer of the moment
 * (the connection's open transaction, or the database itself). Supplied by the SQL layer, one per
 * connection, so that generated code never reaches a global.
 */
public interface TidalSession {

  /** The connection's database. */
  TidalDB db();

  /** The open transaction if there is one, else {@link #db()}. Reads of rows go through it too. */
  RowWriter writer();
}
