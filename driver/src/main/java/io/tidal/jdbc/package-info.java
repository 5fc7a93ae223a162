/**
 * The {@code jdbc:tidal:} driver: {@link io.tidal.jdbc.TidalDriver} (URL and property whitelist,
 * one shared engine per database), the JDBC objects it hands out (thin proxies over Calcite's that
 * route DDL, DML and transactions to tidal, convert timestamps at the boundary and turn every
 * failure into an {@link java.sql.SQLException}), and the {@link java.sql.DatabaseMetaData} GUI
 * clients read.
 */
package io.tidal.jdbc;
