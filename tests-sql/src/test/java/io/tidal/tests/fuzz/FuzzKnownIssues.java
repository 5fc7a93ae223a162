package io.tidal.tests.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Findings of the fuzz that are known and not fixed yet, each named like Calcite's {@code Bug}
 * constants and listed in docs/CONFORMANCE.md ("Fuzz"). A finding matching one is counted and
 * reported, not failed; any other finding fails the run. Each entry is a statement that ended in
 * an SQLException of the wrong class (XX000 internal error), never a wrong answer or a hang: a
 * wrong answer always fails the run (the one known wrong answer, INTEGER arithmetic wrapping
 * around, is mirrored by the model and counted: {@link FuzzModel#wraps}).
 */
final class FuzzKnownIssues {
  /** A known issue: its name, and the pattern its finding text matches. */
  record Issue(String name, Pattern pattern) {}

  static final List<Issue> ISSUES = List.of(
      // Calcite's implicit coercion generates Java that does not compile, e.g.
      // "score BETWEEN 'sport' AND CURRENT_TIMESTAMP" on a DOUBLE column (XX000)
      issue("calcite-coercion-codegen", "CompileException: .*Cannot compare types"),
      // Calcite's validator asserts while coercing arguments to an INTERVAL parameter, e.g.
      // DECAY_SCORE(42, 42, '1 hour'): "use createSqlIntervalType() instead" (XX000)
      issue("calcite-interval-coercion-assertion", "java.lang.AssertionError"));

  private FuzzKnownIssues() {}

  private static Issue issue(String name, String regex) {
    return new Issue(name, Pattern.compile(regex, Pattern.DOTALL));
  }

  /** The known issue {@code finding} matches, or null. */
  static Issue match(String finding) {
    for (Issue i : ISSUES) {
      if (i.pattern().matcher(finding).find()) {
        return i;
      }
    }
    return null;
  }
}
