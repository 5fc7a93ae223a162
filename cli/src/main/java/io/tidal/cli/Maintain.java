package io.tidal.cli;

import io.tidal.Config;
import io.tidal.DatabaseCheck;
import io.tidal.ErrorCode;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The operator commands {@code ./tidal backup DIR DEST} (a backup through a short-lived engine;
 * when another process holds DIR it says to run {@code BACKUP TO} there instead) and
 * {@code ./tidal check DIR} (verifies every WAL entry and MVStore chunk, prints what it found; exit
 * status 0 when sound, 1 when damaged or not checkable).
 */
final class Maintain {
  static final String BACKUP_USAGE =
      String.join(
          "\n",
          "usage: ./tidal backup DIR DEST",
          "",
          "Copies the database in DIR into the new (or empty) directory DEST: a consistent copy that",
          "opens with jdbc:tidal:DEST. DIR must not be open in another process; while a server or an",
          "application has it open, run the SQL statement BACKUP TO 'DEST' through it instead.",
          "");
  static final String CHECK_USAGE =
      String.join(
          "\n",
          "usage: ./tidal check DIR",
          "",
          "Verifies the database in DIR without changing it: every chunk and page of data.mv and every",
          "WAL entry (checksums, batch framing, sequence order). Prints what it found; exit status 0",
          "when the database is sound, 1 otherwise. DIR must not be open in another process.",
          "");

  private Maintain() {}

  static int backup(String[] argv, PrintStream out, PrintStream err) {
    List<String> pos = positional("backup", argv, BACKUP_USAGE, 2);
    if (pos == null) {
      out.print(BACKUP_USAGE);
      return 0;
    }
    Path dir = Path.of(pos.get(0));
    Path dest = Path.of(pos.get(1));
    long t0 = System.nanoTime();
    try (TidalDB db =
        TidalDB.open(
            Config.builder().directory(dir).create(false).backgroundThreads(false).build())) {
      db.backup(dest);
    } catch (TidalException e) {
      throw new CliException(explain(e, dir, dest), e);
    }
    out.println(
        "tidal backup: "
            + dir
            + " -> "
            + dest
            + " in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms; open it with jdbc:tidal:"
            + dest.toAbsolutePath());
    return 0;
  }

  static int check(String[] argv, PrintStream out, PrintStream err) {
    List<String> pos = positional("check", argv, CHECK_USAGE, 1);
    if (pos == null) {
      out.print(CHECK_USAGE);
      return 0;
    }
    Path dir = Path.of(pos.get(0));
    DatabaseCheck.Report report;
    try {
      report = DatabaseCheck.run(dir);
    } catch (TidalException e) {
      throw new CliException(
          e.code() == ErrorCode.DATABASE_LOCKED
              ? dir
                  + " is open in another process; "
                  + "stop it first, or check a backup (BACKUP TO) instead ["
                  + e.getMessage()
                  + "]"
              : e.getMessage(),
          e);
    }
    report.lines().forEach(out::println);
    return report.ok() ? 0 : 1;
  }

  private static String explain(TidalException e, Path dir, Path dest) {
    return switch (e.code()) {
      case DATABASE_LOCKED ->
          dir
              + " is open in another process: run BACKUP TO '"
              + dest.toAbsolutePath()
              + "' through it (e.g. ./tidal shell jdbc:tidal:remote:url=... for a server) ["
              + e.getMessage()
              + "]";
      case DATABASE_NOT_FOUND -> "no tidal database in " + dir;
      default -> e.getMessage();
    };
  }

  /** The {@code n} positional arguments; null for --help. */
  private static List<String> positional(String command, String[] argv, String usage, int n) {
    Args args = Args.parse(command, argv, Set.of(), Set.of("--help", "-h"));
    if (args.flag("--help") || args.flag("-h")) {
      return null;
    }
    if (args.positional().size() != n) {
      throw CliException.usage("expected " + n + " argument" + (n == 1 ? "" : "s") + "\n" + usage);
    }
    return args.positional();
  }
}
