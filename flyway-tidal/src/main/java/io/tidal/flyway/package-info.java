/**
 * Flyway support for {@code jdbc:tidal:}: {@link io.tidal.flyway.TidalDatabaseType}, registered in
 * {@code META-INF/services/org.flywaydb.core.extensibility.Plugin}, is what Flyway's ServiceLoader
 * finds when this jar is on the class path beside flyway-core and the driver. The other classes
 * fill in Flyway's database abstraction (database, connection, schema, table, script parser); all
 * of them are reached only through Flyway.
 */
package io.tidal.flyway;
