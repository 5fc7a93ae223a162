package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * A string bound to a TIMESTAMP, DATE or TIME parameter ({@code setString}, or {@code setObject} with a
 * String), as jOOQ's SQLite dialect, Spring's {@code SqlParameterValue} of text and hand-written
 * code send it: parsed as SQL's literal forms ({@code 2026-11-01 12:00:00[.fff]}, also with
 * {@code T}; {@code 2026-11-01}) and bound as the temporal value. Calcite would otherwise cast the
 * string to a number and fail with a ClassCastException's text (found by tests-clients).
 */
final class TextParams {
  private TextParams() {}

  /**
   * {@code s} as a LocalDateTime, LocalDate or LocalTime when parameter {@code i} is a TIMESTAMP,
   * DATE or TIME;
   * otherwise {@code s} itself.
   *
   * @throws SQLException 22007 naming the value and the parameter when it is not a valid literal
   */
  static Object temporal(ParameterMetaData md, int i, String s) throws SQLException {
    if (i < 1 || i > md.getParameterCount()) {
      return s;
    }
    int type = md.getParameterType(i);
    if (type != Types.TIMESTAMP && type != Types.DATE && type != Types.TIME) {
      return s;
    }
    String text = s.strip();
    if (type == Types.TIME) {
      try {
        return LocalTime.parse(text);
      } catch (DateTimeParseException e) {
        throw SqlStates.create(
            "invalid TIME value '" + s + "' for parameter " + i + ": expected hh:mm:ss[.fff]",
            SqlStates.INVALID_DATETIME_FORMAT,
            e);
      }
    }
    try {
      if (type == Types.DATE) {
        return LocalDate.parse(text);
      }
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay()
          : LocalDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw SqlStates.create(
          "invalid "
              + (type == Types.DATE ? "DATE" : "TIMESTAMP")
              + " value '"
              + s
              + "' for parameter "
              + i
              + ": expected "
              + (type == Types.DATE ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss[.fff]"),
          SqlStates.INVALID_DATETIME_FORMAT,
          e);
    }
  }
}
