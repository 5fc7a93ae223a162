package io.tidal.sql;

import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;

/** A parsed tidal DDL statement. */
public sealed interface Ddl {

  /** {@code CREATE TABLE [IF NOT EXISTS]}. */
  record CreateTable(EntityTable table, boolean ifNotExists) implements Ddl {}

  /** {@code DROP TABLE [IF EXISTS]}. */
  record DropTable(String name, boolean ifExists) implements Ddl {}

  /** {@code CREATE [OR REPLACE] SIGNAL TYPE}. */
  record CreateSignalType(SignalType type, boolean orReplace) implements Ddl {}

  /** {@code DROP SIGNAL TYPE [IF EXISTS]}. */
  record DropSignalType(String name, boolean ifExists) implements Ddl {}

  /** {@code CREATE [OR REPLACE] VIEW name AS query}; {@code sql} is the query text as stored. */
  record CreateView(String name, String sql, boolean orReplace) implements Ddl {}

  /** {@code DROP VIEW [IF EXISTS]}. */
  record DropView(String name, boolean ifExists) implements Ddl {}

  /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column, ...)}. */
  record CreateIndex(io.tidal.schema.Index index, boolean ifNotExists) implements Ddl {}

  /** {@code DROP INDEX [IF EXISTS] name [ON table]}. */
  record DropIndex(String name, boolean ifExists) implements Ddl {}
}
