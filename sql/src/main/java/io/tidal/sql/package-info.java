/**
 * tidal's SQL front, below JDBC: the session and its transactions ({@link io.tidal.sql.SqlSession}),
 * statement classification, tidal's DDL ({@link io.tidal.sql.DdlParser}, {@link io.tidal.sql.DdlExecutor}),
 * the UPDATE/DELETE rewrite, the literal parameterizer behind the statement cache, the
 * {@code INSERT INTO signals} fast-path shape, prepare-time validation of score calls, the planner hook
 * ({@link io.tidal.sql.TidalPrepare}) and the one table from engine error codes to SQLStates
 * ({@link io.tidal.sql.SqlStates}).
 */
package io.tidal.sql;
