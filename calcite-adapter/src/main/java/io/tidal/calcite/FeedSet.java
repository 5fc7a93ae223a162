package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.DataContext;

/**
 * A set a personal feed applies to a ranked query ({@link FeedRule}), in run-time form: the
 * entities a user has seen ({@link Seen}, excluded) or the rows whose column names something the user
 * follows ({@link Follow}, included). Public only because generated code reaches it through
 * {@link RankSpec}.
 */
public sealed interface FeedSet permits FeedSet.Seen, FeedSet.Follow {

  /** EXPLAIN text. */
  String text();

  /**
   * {@code key NOT IN (SELECT entity_id FROM signals WHERE signal_type = 'type' AND actor_id = actor)}
   * (or the {@code NOT EXISTS} form): the entities on which the actor has retained signals of the type.
   */
  record Seen(String type, Value actor) implements FeedSet {
    @Override
    public String text() {
      return "seen(actor=" + actor + ", type=" + type + ")";
    }
  }

  /**
   * {@code column IN (SELECT valueColumn FROM table WHERE c1 = v1 AND ...)}: rows of the ranked table
   * whose {@code column} (index into its row) equals a value that a matching row of {@code table} has
   * in {@code valueColumn}.
   *
   * @param column index of the ranked table's column
   * @param columnName its name (EXPLAIN)
   * @param table the table the values come from
   * @param valueColumn index of the column of {@code table} whose values are followed
   * @param where equalities on {@code table}'s columns (column index, value)
   */
  record Follow(
      int column,
      String columnName,
      String table,
      int valueColumn,
      String valueColumnName,
      List<Eq> where,
      List<String> whereNames)
      implements FeedSet {
    public Follow {
      where = List.copyOf(where);
      whereNames = List.copyOf(whereNames);
    }

    @Override
    public String text() {
      StringBuilder b =
          new StringBuilder("follow(")
              .append(columnName)
              .append(" in ")
              .append(table)
              .append('.')
              .append(valueColumnName);
      for (int i = 0; i < where.size(); i++) {
        b.append(i == 0 ? " where " : " and ")
            .append(whereNames.get(i))
            .append('=')
            .append(where.get(i).value());
      }
      return b.append(')').toString();
    }
  }

  /** {@code column = value} on a row. */
  record Eq(int column, Value value) {}

  /** A literal known at plan time, or dynamic parameter {@code ?param}. */
  record Value(Object literal, int param) {
    Object resolve(DataContext root) {
      return param >= 0 ? root.get("?" + param) : literal;
    }

    @Override
    public String toString() {
      return param >= 0 ? "?" + param : String.valueOf(literal);
    }
  }
}
