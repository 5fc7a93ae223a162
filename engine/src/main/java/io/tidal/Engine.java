package io.tidal;

/** The engine behind {@link TidalDB#open}. Placeholder until the ledger issue lands it. */
final class Engine {
  private Engine() {}

  static TidalDB open(Config config) {
    throw new TidalException(ErrorCode.UNSUPPORTED, "engine not built yet");
  }
}
