package io.tidal.testing;

import java.util.Random;

/**
 * Seeds for randomised tests. Every randomised test takes its seed from here and prints it, so a
 * failure is reproduced with {@code -Dtidal.seed=N}. (We use seeded {@link Random} loops rather than
 * a property-testing library: jqwik's author asks that AI agents not use it, and we respect that.)
 */
public final class Seeds {
  private Seeds() {}

  /** The seed for {@code test}: {@code -Dtidal.seed} if set, else a fresh one; printed either way. */
  public static long seed(String test) {
    String fixed = System.getProperty("tidal.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
    System.out.println(
        "[seed] " + test + " seed=" + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    return seed;
  }

  /** How many tries a property runs: {@code base} normally, {@code base * 10} under {@code -Ptorture}. */
  public static int tries(int base) {
    return Boolean.getBoolean("tidal.torture") ? base * 10 : base;
  }
}
