package io.tidal.tests.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Findings of the fuzz that are known and not fixed yet, each named like Calcite's {@code Bug}
 * constants and listed in docs/CONFORMANCE.md ("Fuzz"). A finding matching one is counted and
 * reported, not failed; any other finding fails the run. Each entry is a statement that ended in
 * an SQLException of the wrong class (XX000 internal error), never a wrong answer or a hang: a
 * wrong answer always fails the run.
 */
final class FuzzKnownIssues {
  /** A known issue: its name, and the pattern its finding text matches. */
  record Issue(String name, Pattern pattern) {}

  static final List<Issue> ISSUES = List.of(
      issue("charset-iso-8859-1",
          "Failed to encode .* in character set 'ISO-8859-1'|CHARACTER SET `ISO-8859-1`"
              + "|while converting|Error while preparing statement \\[.*[^\\x00-\\xff]"),
      issue("limit-beyond-int", "Unable to implement EnumerableLimit"),
      issue("topk-generated-code", "Error while compiling generated Java code"),
      issue("calcite-assertion", "java.lang.AssertionError"),
      issue("cast-invalid-character", "Invalid character for cast"));

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
