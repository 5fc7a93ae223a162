package io.tidal.cluster;

/** A record value that is not a signal; the message says why, naming the bad value. */
final class PayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  PayloadException(String message) {
    super(message);
  }
}
