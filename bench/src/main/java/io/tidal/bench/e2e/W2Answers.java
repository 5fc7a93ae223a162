package io.tidal.bench.e2e;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * W2's answers: what the oracle over the generated data says a query must return (a user's latest
 * signals, the top creators), and the rows a query returned, in the same text form, for {@link
 * W2Bench} to compare.
 */
final class W2Answers {
  private W2Answers() {}

  /**
   * Oracle: user u's latest {@code n} signals as "entity@millis", newest first, ties by entity: each
   * view and its roll-up contribution to the item's creator (same actor, same timestamp).
   */
  static List<String> latest(W2 w, W2.Data d, int u, int n) {
    List<String> all = new ArrayList<>();
    List<Long> ts = new ArrayList<>();
    for (int j = 0; j < d.viewItem[u].length; j++) {
      int i = d.viewItem[u][j];
      all.add(w.item(i) + "@" + d.viewTs[u][j]);
      all.add(w.creator(d.creatorOf[i]) + "@" + d.viewTs[u][j]);
      ts.add(d.viewTs[u][j]);
      ts.add(d.viewTs[u][j]);
    }
    List<String> out = newestFirst(all, ts);
    return out.subList(0, Math.min(n, out.size()));
  }

  /** The activity query's answer as "item@millis", ties (equal ts) by item like the oracle. */
  static List<String> activity(PreparedStatement p) throws SQLException {
    List<String> out = new ArrayList<>(50);
    List<Long> ts = new ArrayList<>(50);
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        long t = rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
        out.add(rs.getString(1) + "@" + t);
        ts.add(t);
      }
    }
    return newestFirst(out, ts); // ORDER BY ts leaves equal timestamps in any order
  }

  /** {@code entries} sorted by their timestamps {@code ts} descending, then by text. */
  static List<String> newestFirst(List<String> out, List<Long> ts) {
    Integer[] order =
        sortedIndexes(
            out.size(),
            (a, b) ->
                !ts.get(a).equals(ts.get(b))
                    ? Long.compare(ts.get(b), ts.get(a))
                    : out.get(a).compareTo(out.get(b)));
    List<String> sorted = new ArrayList<>(out.size());
    for (int j : order) {
      sorted.add(out.get(j));
    }
    return sorted;
  }

  /** The indexes 0 .. n - 1 in the order of {@code c}. */
  static Integer[] sortedIndexes(int n, java.util.Comparator<Integer> c) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, c);
    return order;
  }

  static List<String> topCreators(W2 w, W2.Data d) {
    Integer[] order =
        sortedIndexes(
            w.creators(),
            (a, b) ->
                d.creatorScore[a] != d.creatorScore[b]
                    ? Double.compare(d.creatorScore[b], d.creatorScore[a])
                    : Integer.compare(a, b));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 10 && i < order.length; i++) {
      out.add(w.creator(order[i]));
    }
    return out;
  }

  static List<String> ids(PreparedStatement p) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
