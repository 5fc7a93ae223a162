package io.tidal.tests.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Findings of the fuzz that are known and not fixed yet, each named like Calcite's {@code Bug}
 * constants and listed in docs/CONFORMANCE.md ("Fuzz"). A finding matching one is counted and
 * reported, not failed; any other finding fails the run. None is listed: since issue 16 every
 * statement that ends in SQLState XX000 (an internal error) fails the run, whether it was thrown
 * by tidal or inside Calcite, linq4j or Janino ("an internal error is a bug with a test"). An entry
 * may only be added for a finding that is being fixed, with its issue, and never for a wrong
 * answer or a hang, which always fail the run.
 */
final class FuzzKnownIssues {
  /** A known issue: its name, and the pattern its finding text matches. */
  record Issue(String name, Pattern pattern) {}

  static final List<Issue> ISSUES = List.of();

  private FuzzKnownIssues() {}

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
