package io.tidal.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Child JVM of {@link ScrubKillTest}: for each key of the key file from index {@code from} on, runs
 * {@code DELETE FROM signals WHERE actor_id = ?} (the key is also an actor) and prints
 * {@code ERASE i n} (n = signals erased) once it returned, then
 * {@code DELETE FROM people WHERE id = ?} and prints {@code DEL i} once it returned, then
 * {@code CHECKPOINT} and prints {@code CP i}; until the parent kills it with SIGKILL.
 */
public final class ScrubKillChild {
  private ScrubKillChild() {}

  public static void main(String[] args) throws SQLException, IOException {
    String url = "jdbc:tidal:" + args[0];
    List<String> keys = Files.readAllLines(Path.of(args[1]));
    int from = Integer.parseInt(args[2]);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement del = c.prepareStatement("DELETE FROM people WHERE id = ?");
        PreparedStatement erase = c.prepareStatement("DELETE FROM signals WHERE actor_id = ?");
        Statement s = c.createStatement()) {
      System.out.println("OPEN");
      System.out.flush();
      for (int i = from; i < keys.size(); i++) {
        erase.setString(1, keys.get(i));
        int n = erase.executeUpdate();
        System.out.println("ERASE " + i + " " + n);
        System.out.flush();
        del.setString(1, keys.get(i));
        del.executeUpdate();
        System.out.println("DEL " + i);
        System.out.flush();
        s.execute("CHECKPOINT");
        System.out.println("CP " + i);
        System.out.flush();
      }
      System.out.println("DONE");
      System.out.flush();
    }
  }
}
