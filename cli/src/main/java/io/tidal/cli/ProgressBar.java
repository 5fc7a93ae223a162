package io.tidal.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr. On a terminal it redraws one line in place; otherwise (a pipe, a log, a
 * test) it prints a line at every tenth of the way, so logs stay short.
 *
 * <pre>
 * loading signals [##########----------]  50%  200,000/400,000  52,310/s
 * </pre>
 */
final class ProgressBar {
  private static final int WIDTH = 24;

  private final PrintStream err;
  private final boolean interactive;
  private final String label;
  private final long total;
  private final long startNanos;
  private long lastDrawNanos;
  private int lastTenth = -1;

  ProgressBar(PrintStream err, boolean interactive, String label, long total) {
    this.err = err;
    this.interactive = interactive;
    this.label = label;
    this.total = Math.max(1, total);
    this.startNanos = System.nanoTime();
  }

  void update(long done) {
    long now = System.nanoTime();
    if (interactive) {
      if (now - lastDrawNanos >= 50_000_000L || done >= total) {
        lastDrawNanos = now;
        err.print("\r" + line(done, now));
        err.flush();
      }
      return;
    }
    int tenth = (int) (10 * Math.min(done, total) / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      err.println(line(done, now));
    }
  }

  /** Draws the final state and ends the line. */
  void finish(long done) {
    long now = System.nanoTime();
    if (interactive) {
      err.println("\r" + line(done, now));
    } else if (lastTenth < 10) {
      err.println(line(done, now));
    }
    err.flush();
  }

  String line(long done, long nowNanos) {
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %3d%%  %,d/%,d  %,.0f/s",
        label,
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        100 * Math.min(done, total) / total,
        done,
        total,
        done / seconds);
  }
}
