package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalException;

/**
 * An error raised by the engine's core (rows, catalog, codecs, checkpoints, backups): a {@link
 * TidalException} whose message names what failed (table, column, key, keyspace, file). Built by
 * {@link Errors} and the codecs only; applications catch {@link TidalException} and read its
 * {@link ErrorCode}. The subsystems have their own: {@code WalException}, {@code LedgerException},
 * {@code StorageException}, {@code SchemaException}.
 */
public final class EngineException extends TidalException {
  private static final long serialVersionUID = 1L;

  EngineException(ErrorCode code, String message) {
    super(code, message);
  }

  EngineException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
