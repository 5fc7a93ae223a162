package io.tidal.bench.e2e;

import java.util.List;

/** The targets by name: {@code tidal} and {@code <peer>-naive} / {@code <peer>-expert}. */
final class Targets {
  /** Every target, in report order. */
  static final List<String> ALL =
      List.of(
          "tidal",
          "h2-naive",
          "h2-expert",
          "sqlite-naive",
          "sqlite-expert",
          "duckdb-naive",
          "duckdb-expert");

  private Targets() {}

  static Target create(String name) {
    if (name.equals("tidal")) {
      return new TidalTarget();
    }
    int dash = name.lastIndexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("unknown target '" + name + "' (one of " + ALL + ")");
    }
    Dialect d = Dialect.of(name.substring(0, dash));
    switch (name.substring(dash + 1)) {
      case "naive":
        return new NaivePeer(d);
      case "expert":
        return new ExpertPeer(d);
      default:
        throw new IllegalArgumentException("unknown target '" + name + "' (one of " + ALL + ")");
    }
  }

  static boolean isPeer(String name) {
    return !name.equals("tidal");
  }
}
