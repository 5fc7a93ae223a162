package io.tidal.flyway;

import java.sql.Connection;
import java.sql.Types;
import java.util.Locale;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Flyway's entry point for tidal: claims {@code jdbc:tidal:} URLs (and connections whose product
 * name is {@code tidal}) and builds the {@link TidalDatabase} that Flyway migrates through.
 */
public final class TidalDatabaseType extends BaseDatabaseType {
  // Not a CommunityDatabaseType: Flyway drops those when community support is switched off, and
  // nothing here needs Flyway's community machinery. Public with a no-argument constructor
  // because ServiceLoader instantiates it.

  static final String URL_PREFIX = "jdbc:tidal:";
  static final String PRODUCT_NAME = "tidal";

  @Override
  public String getName() {
    return PRODUCT_NAME;
  }

  @Override
  public int getNullType() {
    return Types.NULL;
  }

  @Override
  public boolean handlesJDBCUrl(String url) {
    return url != null && url.startsWith(URL_PREFIX);
  }

  @Override
  public String getDriverClass(String url, ClassLoader classLoader) {
    return "io.tidal.jdbc.TidalDriver";
  }

  @Override
  public boolean handlesDatabaseProductNameAndVersion(
      String productName, String productVersion, Connection connection) {
    return productName != null && productName.toLowerCase(Locale.ROOT).startsWith(PRODUCT_NAME);
  }

  @Override
  public Database<?> createDatabase(
      Configuration configuration,
      JdbcConnectionFactory connectionFactory,
      StatementInterceptor statementInterceptor) {
    return new TidalDatabase(configuration, connectionFactory, statementInterceptor);
  }

  @Override
  public Parser createParser(
      Configuration configuration,
      ResourceProvider resourceProvider,
      ParsingContext parsingContext) {
    return new TidalParser(configuration, parsingContext);
  }
}
