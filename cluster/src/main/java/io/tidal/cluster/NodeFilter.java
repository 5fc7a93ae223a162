package io.tidal.cluster;

import io.tidal.sql.SqlStates;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Restricts a node's answer to the entities of the partitions it holds: entity rows are on every
 * node (replicated from the {@code <topic>.entities} topic), so without it every node would return
 * every row and the merge would repeat rows (with a score of 0 on the nodes that do not own them).
 * The query's first table in FROM (the one whose rows the answer is made of, also in a join with
 * other entity tables) gets {@code TIDAL_PARTITION(<qualifier>.<key>, n) IN (<held>)}, ANDed to
 * the WHERE clause (or as the WHERE clause), spliced into the query's own text at the parser's
 * positions so the rest of the text reaches the node as the user wrote it. A ranked query keeps
 * the predicate as its index walk's filter (the walk meets only the node's own entities anyway:
 * signals are partitioned); a scan filters by it.
 *
 * <p>Queries whose first FROM item is not a table (a sub-query, VALUES), or no FROM at all, are
 * sent as they are; so are tables that are not entity tables with a key ({@code signals}, whose
 * rows live on one node each, {@code sys.*}, views): {@link #table()} names the table to look up
 * and the caller passes no key for those.
 */
final class NodeFilter {
  private final String sql;
  private final String table;
  private final String qualifier;
  private final int whereStart;
  private final int whereEnd;
  private final int insertAt;

  private NodeFilter(
      String sql, String table, String qualifier, int whereStart, int whereEnd, int insertAt) {
    this.sql = sql;
    this.table = table;
    this.qualifier = qualifier;
    this.whereStart = whereStart;
    this.whereEnd = whereEnd;
    this.insertAt = insertAt;
  }

  /** The filter site of {@code select} (parsed from {@code sql}), or null if it needs none. */
  static NodeFilter of(String sql, SqlSelect select) {
    SqlNode first = select.getFrom();
    while (first instanceof SqlJoin j) {
      first = j.getLeft();
    }
    SqlNode name = first;
    SqlNode alias = null;
    if (first != null && first.getKind() == SqlKind.AS) {
      name = ((SqlBasicCall) first).operand(0);
      alias = ((SqlBasicCall) first).operand(1);
    }
    if (!(name instanceof SqlIdentifier id) || id.isStar()) {
      return null;
    }
    String table = id.names.get(id.names.size() - 1);
    if (table.equalsIgnoreCase(OffsetTable.TABLE)) {
      return null; // each node's own Kafka positions
    }
    String qualifier = span(sql, (alias != null ? alias : name).getParserPosition());
    SqlNode where = select.getWhere();
    if (where != null) {
      SqlParserPos p = where.getParserPosition();
      return new NodeFilter(
          sql,
          table,
          qualifier,
          offset(sql, p.getLineNum(), p.getColumnNum()),
          offset(sql, p.getEndLineNum(), p.getEndColumnNum()) + 1,
          -1);
    }
    SqlParserPos p = select.getParserPosition();
    return new NodeFilter(
        sql, table, qualifier, -1, -1, offset(sql, p.getEndLineNum(), p.getEndColumnNum()) + 1);
  }

  /** The table to look the key column up for (as the parser left its name). */
  String table() {
    return table;
  }

  /**
   * The query for a node holding {@code held} of {@code partitions}; {@code key} is the table's
   * key column (null: the table is not partitioned, the query goes as it is).
   */
  String sql(String key, int partitions, Collection<Integer> held) throws SQLException {
    if (key == null) {
      return sql;
    }
    String pred =
        "TIDAL_PARTITION("
            + qualifier
            + ".\""
            + key.replace("\"", "\"\"")
            + "\", "
            + partitions
            + ") IN ("
            + held.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + ")";
    if (whereStart >= 0) {
      return sql.substring(0, whereStart)
          + "("
          + sql.substring(whereStart, whereEnd)
          + ") AND "
          + pred
          + sql.substring(whereEnd);
    }
    if (insertAt < 0 || insertAt > sql.length()) {
      throw new SQLFeatureNotSupportedException(
          "not supported over jdbc:tidal:cluster: cannot place the partition filter in " + sql,
          SqlStates.NOT_SUPPORTED);
    }
    return sql.substring(0, insertAt) + " WHERE " + pred + sql.substring(insertAt);
  }

  /** The text a node spans. */
  private static String span(String sql, SqlParserPos p) {
    return sql.substring(
        offset(sql, p.getLineNum(), p.getColumnNum()),
        offset(sql, p.getEndLineNum(), p.getEndColumnNum()) + 1);
  }

  /** The index in {@code sql} of 1-based {@code line} and {@code column} (the parser's counting). */
  private static int offset(String sql, int line, int column) {
    int l = 1;
    int i = 0;
    while (l < line && i < sql.length()) {
      char c = sql.charAt(i++);
      if (c == '\n' || (c == '\r' && (i >= sql.length() || sql.charAt(i) != '\n'))) {
        l++;
      }
    }
    return i + column - 1;
  }
}
