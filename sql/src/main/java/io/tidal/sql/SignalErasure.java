package io.tidal.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * {@code DELETE FROM signals WHERE ...}: an erasure of retained signals by any conjunction of
 * {@code signal_type = x}, {@code entity_id = x} and {@code actor_id = x}, each {@code x} a literal
 * or a {@code ?}. Anything else (another column, another operator, OR, no WHERE) is refused with
 * SQLState 0A000 naming what is accepted: an erasure must say whose or what signals it erases.
 *
 * <p>Each part is a {@link Part}: a literal value, or the 0-based index of the statement's
 * parameter that supplies it; absent parts are null.
 */
public record SignalErasure(Part type, Part entity, Part actor, int params) {

  /** A literal {@code value}, or parameter {@code param} (0-based) when {@code value} is null. */
  public record Part(Object value, int param) {
    /** The part's value given the statement's bound parameters. */
    public Object resolve(Object[] bound) {
      return param >= 0 ? bound[param] : value;
    }
  }

  private static final String ACCEPTED =
      "DELETE FROM signals accepts WHERE with a conjunction of"
          + " signal_type = ?, entity_id = ? and actor_id = ? (literals or parameters)";

  /** The erasure a parsed DELETE on {@code signals} describes. */
  static SignalErasure of(SqlDelete d) throws SQLException {
    if (d.getCondition() == null) {
      throw SqlStates.create(
          ACCEPTED
              + "; without WHERE it would erase every signal (DROP SIGNAL"
              + " TYPE discards a whole type)",
          SqlStates.NOT_SUPPORTED,
          null);
    }
    List<SqlNode> conjuncts = new ArrayList<>();
    flatten(d.getCondition(), conjuncts);
    Part[] parts = new Part[3];
    int[] params = {0};
    // parameters are numbered in text order; conjuncts are visited in text order too
    for (SqlNode c : conjuncts) {
      if (!(c instanceof SqlBasicCall call) || call.getKind() != SqlKind.EQUALS) {
        throw refuse(c);
      }
      SqlNode a = call.operand(0);
      SqlNode b = call.operand(1);
      boolean swapped = !(a instanceof SqlIdentifier);
      SqlNode col = swapped ? b : a;
      SqlNode val = swapped ? a : b;
      if (!(col instanceof SqlIdentifier id)) {
        throw refuse(c);
      }
      int which =
          switch (id.names.get(id.names.size() - 1).toUpperCase(Locale.ROOT)) {
            case "SIGNAL_TYPE" -> 0;
            case "ENTITY_ID" -> 1;
            case "ACTOR_ID" -> 2;
            default -> -1;
          };
      if (which < 0) {
        throw refuse(c);
      }
      Part p;
      if (val instanceof SqlDynamicParam) {
        p = new Part(null, params[0]++);
      } else if (val instanceof SqlCharStringLiteral s) {
        p = new Part(s.getValueAs(String.class), -1);
      } else if (val instanceof SqlNumericLiteral n && which == 1) {
        p = new Part(n.getValueAs(Long.class), -1);
      } else if (val instanceof SqlLiteral l && l.getValue() == null) {
        throw SqlStates.create(
            ACCEPTED + "; = NULL matches nothing [predicate=" + c + "]",
            SqlStates.NOT_SUPPORTED,
            null);
      } else {
        throw refuse(c);
      }
      if (parts[which] != null) {
        throw SqlStates.create(
            ACCEPTED + "; each column at most once [predicate=" + c + "]",
            SqlStates.NOT_SUPPORTED,
            null);
      }
      parts[which] = p;
    }
    return new SignalErasure(parts[0], parts[1], parts[2], params[0]);
  }

  private static void flatten(SqlNode n, List<SqlNode> out) {
    if (n instanceof SqlBasicCall c && c.getKind() == SqlKind.AND) {
      for (SqlNode o : c.getOperandList()) {
        flatten(o, out);
      }
    } else {
      out.add(n);
    }
  }

  private static SQLException refuse(SqlNode predicate) {
    return SqlStates.create(
        ACCEPTED + " [predicate=" + predicate + "]", SqlStates.NOT_SUPPORTED, null);
  }
}
