package io.tidal.cli;

/**
 * A failure the command line reports to the user as one clear message (no stack trace), ending the
 * command with a non-zero exit code.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(String message) {
    this(message, 1, null);
  }

  CliException(String message, Throwable cause) {
    this(message, 1, cause);
  }

  CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** Exit code 2: the command line itself was wrong. */
  static CliException usage(String message) {
    return new CliException(message, 2, null);
  }
}
