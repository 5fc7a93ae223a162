package io.tidal.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Splits a migration script into statements: standard SQL lexing (single-quoted strings, double-quoted
 * identifiers, {@code --} and block comments, {@code ;} between statements), which is all tidal's
 * SQL needs; tidal has no procedural blocks.
 */
final class TidalParser extends Parser {

  TidalParser(Configuration configuration, ParsingContext parsingContext) {
    super(configuration, parsingContext, 3);
  }
}
