package io.tidal.sql;

import io.tidal.RowWriter;
import io.tidal.schema.Column;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * UPDATE and DELETE on entity tables, rewritten into a query plus engine writes.
 *
 * <p>Design notes. Calcite's enumerable {@code TableModify} implements INSERT and DELETE through a
 * Java collection and UPDATE not at all. So {@code UPDATE t SET c = e WHERE p} becomes
 * {@code SELECT x.c1, ..., CAST(x.s0 AS type(c)) FROM (SELECT t.*, (e) AS s0 FROM t WHERE p) x}
 * (in the inner query the SET value is a whole select item, where Calcite can type a parameter
 * inside it, as in {@code n + ?}; a bare {@code ?} is cast to the column's type), and
 * {@code DELETE FROM t WHERE p} becomes
 * {@code SELECT t.key FROM t WHERE p}. The driver dispatches the {@link Rewrite} ({@link
 * ParsedStatement#rowChange}) and only holds it: {@link Rewrite#prepare} prepares the query on
 * Calcite, and {@link Rewrite#execute} runs it (all rows first, then writes, so a write never
 * changes what the query sees) and applies {@code updateRow} / {@code deleteRow} per row, inside
 * the statement's transaction ({@link DmlApplier}); nothing on this path calls back into the
 * driver. Parameters keep their order: SET
 * expressions precede the WHERE clause in both texts. A table with a primary key is addressed by
 * key. A table without one has hidden row ids that SQL cannot see, so its query returns whole rows
 * (DELETE too) and {@link DmlApplier} pairs each returned row with the row id of an equal stored
 * row: rows with equal values are indistinguishable, so any pairing is the same result.
 */
public final class DmlRewriter {
  /** Alias of the derived table an UPDATE's query reads its SET values from. */
  private static final String DERIVED = "\"$T\"";

  private DmlRewriter() {}

  /**
   * A rewritten statement: the query, the table, and for UPDATE the index of each SET column. The
   * query returns the table's columns, then one value per SET column; a DELETE on a table with a
   * primary key returns only the key.
   */
  public record Rewrite(
      EntityTable table, boolean delete, String query, int[] setColumns, SignalErasure erasure) {
    Rewrite(EntityTable table, boolean delete, String query, int[] setColumns) {
      this(table, delete, query, setColumns, null);
    }

    /** Number of columns the query returns. */
    public int queryColumns() {
      return delete && table.hasPrimaryKey() ? 1 : table.columns().size() + setColumns.length;
    }

    /**
     * Prepares the query on {@code calcite} (the connection the statement runs on), its score
     * calls checked first ({@link ScoreCallValidator}), as any query.
     */
    public PreparedStatement prepare(CalciteConnection calcite, Schema schema) throws SQLException {
      return calcite.prepareStatement(ScoreCallValidator.validate(query, schema));
    }

    /**
     * Runs the prepared {@code query} (this rewrite's, parameters bound), all its rows first, then
     * updates or deletes each row it returned through {@code w} ({@link DmlApplier}).
     *
     * @return the number of rows changed
     */
    public long execute(PreparedStatement query, RowWriter w) throws SQLException {
      int ncols = queryColumns();
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          Object[] r = new Object[ncols];
          for (int i = 0; i < ncols; i++) {
            r[i] = rs.getObject(i + 1);
          }
          rows.add(r);
        }
      }
      return DmlApplier.apply(this, rows, w);
    }
  }

  /**
   * Rewrites an UPDATE or DELETE.
   *
   * @throws SQLException 42601 on a syntax error, 42S02/42S22 for an unknown table/column, 0A000 for
   *     the signals table
   */
  static Rewrite rewrite(String sql, Schema schema) throws SQLException {
    SqlNode node;
    try {
      node = SqlParser.create(EmptyInList.rewrite(sql)).parseStmt();
    } catch (SqlParseException e) {
      throw SqlStates.convert(e);
    }
    if (node instanceof SqlUpdate u) {
      EntityTable t = table(u.getTargetTable(), schema, "UPDATE");
      SqlNodeList targets = u.getTargetColumnList();
      int[] set = new int[targets.size()];
      StringBuilder inner =
          new StringBuilder("SELECT ").append(alias(u.getAlias(), t)).append(".*");
      StringBuilder q = new StringBuilder("SELECT ").append(columns(t, DERIVED));
      for (int i = 0; i < targets.size(); i++) {
        String col = ((SqlIdentifier) targets.get(i)).getSimple();
        set[i] = t.columnIndex(col);
        if (set[i] < 0) {
          throw SqlStates.create(
              "unknown column '" + col + "' in table '" + t.name() + "'",
              SqlStates.COLUMN_NOT_FOUND,
              null);
        }
        String type = sqlType(t.columns().get(set[i]));
        SqlNode e = u.getSourceExpressionList().get(i);
        inner
            .append(", ")
            .append(
                e instanceof SqlDynamicParam ? "CAST(? AS " + type + ")" : "(" + unparse(e) + ")")
            .append(" AS \"$S")
            .append(i)
            .append('"');
        q.append(", CAST(")
            .append(DERIVED)
            .append(".\"$S")
            .append(i)
            .append("\" AS ")
            .append(type)
            .append(')');
      }
      from(inner, u.getTargetTable(), u.getAlias(), u.getCondition());
      q.append(" FROM (").append(inner).append(") AS ").append(DERIVED);
      return new Rewrite(t, false, q.toString(), set);
    }
    if (node instanceof SqlDelete d) {
      if (isSignals(d.getTargetTable())) {
        return new Rewrite(null, true, null, new int[0], SignalErasure.of(d));
      }
      EntityTable t = table(d.getTargetTable(), schema, "DELETE");
      String qualifier = alias(d.getAlias(), t);
      StringBuilder q =
          new StringBuilder("SELECT ")
              .append(
                  t.hasPrimaryKey()
                      ? qualifier + ".\"" + upper(t.columns().get(t.keyIndex()).name()) + '"'
                      : columns(t, qualifier));
      from(q, d.getTargetTable(), d.getAlias(), d.getCondition());
      return new Rewrite(t, true, q.toString(), new int[0]);
    }
    throw SqlStates.create("expected UPDATE or DELETE: " + sql, SqlStates.SYNTAX, null);
  }

  private static boolean isSignals(SqlNode target) {
    return target instanceof SqlIdentifier id
        && (id.names.size() == 1
            || id.names.size() == 2 && id.names.get(0).equalsIgnoreCase("TIDAL"))
        && id.names.get(id.names.size() - 1).equalsIgnoreCase("SIGNALS");
  }

  private static EntityTable table(SqlNode target, Schema schema, String verb) throws SQLException {
    if (!(target instanceof SqlIdentifier id)
        || id.names.size() > 2
        || (id.names.size() == 2 && !id.names.get(0).equalsIgnoreCase("TIDAL"))) {
      throw SqlStates.notSupported(verb + " of " + target);
    }
    String name = id.names.get(id.names.size() - 1);
    if (name.equalsIgnoreCase("SIGNALS")) {
      throw SqlStates.create(
          verb
              + " on signals is not supported: a recorded signal does not"
              + " change (DELETE FROM signals WHERE actor_id = ? erases signals)",
          SqlStates.NOT_SUPPORTED,
          null);
    }
    EntityTable t = schema.table(name).orElse(null);
    if (t == null) {
      throw SqlStates.create("unknown table '" + name + "'", SqlStates.TABLE_NOT_FOUND, null);
    }
    return t;
  }

  private static void from(StringBuilder q, SqlNode target, SqlIdentifier alias, SqlNode where) {
    q.append(" FROM ").append(unparse(target));
    if (alias != null) {
      q.append(" AS ").append(unparse(alias));
    }
    if (where != null) {
      q.append(" WHERE ").append(unparse(where));
    }
  }

  private static String alias(SqlIdentifier alias, EntityTable t) {
    return alias != null ? unparse(alias) : "\"" + upper(t.name()) + "\"";
  }

  private static String columns(EntityTable t, String qualifier) {
    List<String> cs = new ArrayList<>();
    for (Column c : t.columns()) {
      cs.add(qualifier + ".\"" + upper(c.name()) + "\"");
    }
    return String.join(", ", cs);
  }

  /** The SQL type a value of column {@code c} is cast to. */
  static String sqlType(Column c) {
    return switch (c.type()) {
      case DECIMAL -> "DECIMAL(19, 6)";
      case TIMESTAMP -> "TIMESTAMP(3)";
      default -> c.type().name();
    };
  }

  private static String unparse(SqlNode n) {
    return n.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
