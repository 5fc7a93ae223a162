package io.tidal.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connection helpers shared by the subcommands. */
final class Jdbc {
  static final String DRIVER_CLASS = "io.tidal.jdbc.TidalDriver";
  static final String PREFIX = "jdbc:tidal:";

  private Jdbc() {}

  /** Loads the driver class, or explains that this build does not contain it yet. */
  static void requireDriver() {
    try {
      Class.forName(DRIVER_CLASS);
    } catch (ClassNotFoundException e) {
      throw new CliException(
          "the tidal JDBC driver ("
              + DRIVER_CLASS
              + ") is not part of this build yet; pull the latest main and run again",
          e);
    }
  }

  /** A {@code jdbc:} URL is kept as it is; anything else is a database directory. */
  static String urlFor(String urlOrDirectory) {
    if (urlOrDirectory.startsWith("jdbc:")) {
      return urlOrDirectory;
    }
    return PREFIX + directoryOf(urlOrDirectory);
  }

  static Path directoryOf(String directory) {
    return Path.of(directory).toAbsolutePath().normalize();
  }

  static Connection connect(String url) throws SQLException {
    requireDriver();
    return DriverManager.getConnection(url, new Properties());
  }

  /** One line for a user: the message, plus the SQLState when the message does not show it. */
  static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String state = e.getSQLState();
    return state == null || message.contains(state)
        ? message
        : message + " [SQLState " + state + "]";
  }
}
