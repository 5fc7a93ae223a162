package io.tidal.sql;

import static io.tidal.sql.TokenCursor.q;

import io.tidal.Ddl;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code CREATE TABLE}: columns with their constraints and defaults, table-level PRIMARY KEY and
 * UNIQUE; the type names are {@link ColumnTypes}'. The grammar is in {@link DdlParser}.
 */
final class TableDdl {
  private TableDdl() {}

  /** {@code CREATE TABLE} after its first two words. */
  static Ddl createTable(TokenCursor c) throws SQLException {
    boolean ifNotExists = c.ifNotExists();
    String name = c.name("table");
    if (name.equalsIgnoreCase("signals")) {
      throw SqlStates.create(
          "table name 'signals' is reserved for the signals table", SqlStates.TABLE_EXISTS, null);
    }
    c.expectPunct("(");
    List<Column> cols = new ArrayList<>();
    List<String> keyCols = new ArrayList<>();
    List<List<String>> uniques = new ArrayList<>();
    do {
      if (c.peek().is("PRIMARY")
          || c.peek().is("CONSTRAINT")
          || c.peek().is("UNIQUE")
          || c.peek().is("FOREIGN")
          || c.peek().is("CHECK")) {
        if (c.accept("CONSTRAINT")) {
          c.name("constraint");
        }
        if (c.peek().is("FOREIGN") || c.peek().is("CHECK")) {
          throw SqlStates.notSupported(
              c.peek().text().toUpperCase(Locale.ROOT) + " constraints (table " + q(name) + ")");
        }
        boolean unique = c.accept("UNIQUE");
        if (!unique) {
          c.expect("PRIMARY");
          c.expect("KEY");
        }
        List<String> list = c.columnList();
        if (unique) {
          uniques.add(list);
        } else {
          keyCols.addAll(list);
        }
      } else {
        column(c, cols, keyCols);
      }
    } while (c.acceptPunct(","));
    c.expectPunct(")");
    if (keyCols.size() > 1) {
      throw SqlStates.create(
          "table "
              + q(name)
              + " declares a primary key of "
              + keyCols.size()
              + " columns "
              + keyCols
              + "; tidal keys are one VARCHAR or BIGINT column",
          SqlStates.INVALID_TABLE_DEFINITION,
          null);
    }
    int keyIndex = -1;
    if (keyCols.size() == 1) {
      for (int i = 0; i < cols.size(); i++) {
        if (cols.get(i).name().equalsIgnoreCase(keyCols.get(0))) {
          keyIndex = i;
        }
      }
      if (keyIndex < 0) {
        throw SqlStates.create(
            "primary key column " + q(keyCols.get(0)) + " is not a column of table " + q(name),
            SqlStates.COLUMN_NOT_FOUND,
            null);
      }
      Column key = cols.get(keyIndex);
      if (key.type() == ColumnType.INTEGER) { // the common "id INTEGER PRIMARY KEY": a BIGINT key
        cols.set(keyIndex, key.withType(ColumnType.BIGINT));
      }
    }
    return new Ddl.CreateTable(
        new EntityTable(name, cols, keyIndex, tableUniques(name, cols, uniques)), ifNotExists);
  }

  /**
   * Table-level UNIQUE constraints as column indexes; a one-column one becomes the column's UNIQUE
   * facet (so it is the same as the column form).
   */
  private static List<List<Integer>> tableUniques(
      String table, List<Column> cols, List<List<String>> uniques) throws SQLException {
    List<List<Integer>> out = new ArrayList<>();
    for (List<String> u : uniques) {
      List<Integer> idx = new ArrayList<>();
      for (String c : u) {
        int i = indexOf(cols, c);
        if (i < 0) {
          throw SqlStates.create(
              "UNIQUE column " + q(c) + " is not a column of table " + q(table),
              SqlStates.UNDEFINED_COLUMN,
              null);
        }
        if (idx.contains(i)) {
          throw SqlStates.create(
              "UNIQUE lists column " + q(c) + " twice", SqlStates.DUPLICATE_COLUMN_NAME, null);
        }
        idx.add(i);
      }
      if (idx.size() == 1) {
        Column c = cols.get(idx.get(0));
        cols.set(
            idx.get(0), new Column(c.name(), c.type(), c.nullable(), c.facets().withUnique(true)));
      } else if (!out.contains(idx)) {
        out.add(idx);
      }
    }
    return out;
  }

  private static int indexOf(List<Column> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static void column(TokenCursor c, List<Column> cols, List<String> keyCols)
      throws SQLException {
    String col = c.name("column");
    Column typed = ColumnTypes.type(c, col);
    boolean nullable = true;
    boolean unique = false;
    String dflt = null;
    while (true) {
      if (c.accept("NOT")) {
        c.expect("NULL");
        nullable = false;
      } else if (c.accept("NULL")) {
        nullable = true;
      } else if (c.accept("PRIMARY")) {
        c.expect("KEY");
        keyCols.add(col);
        nullable = false;
      } else if (c.accept("UNIQUE")) {
        unique = true;
      } else if (c.accept("DEFAULT")) {
        dflt = defaultValue(c, col, typed);
      } else if (c.peek().is("REFERENCES")
          || c.peek().is("CHECK")
          || c.peek().is("COLLATE")
          || c.peek().is("AUTO_INCREMENT")
          || c.peek().is("AUTOINCREMENT")
          || c.peek().is("GENERATED")) {
        throw SqlStates.notSupported(
            c.peek().text().toUpperCase(Locale.ROOT) + " (column " + q(col) + ")");
      } else {
        break;
      }
    }
    Column.Facets f = typed.facets();
    cols.add(
        new Column(
            col,
            typed.type(),
            nullable,
            new Column.Facets(f.declaredType(), f.length(), f.scale(), dflt, unique)));
  }

  /**
   * A DEFAULT literal, checked against the column's type; returned as normalised SQL text (the
   * catalog keeps it; Calcite evaluates it at INSERT).
   */
  private static String defaultValue(TokenCursor c, String col, Column typed) throws SQLException {
    Token t = c.next();
    ColumnType type = typed.type();
    String sign = "";
    if (t.isPunct("-") || t.isPunct("+")) {
      sign = t.text().equals("-") ? "-" : "";
      t = c.next();
      if (t.kind() != Kind.NUMBER) {
        throw c.errorAt(t, "a number after the sign in DEFAULT of column " + q(col));
      }
    }
    boolean numeric =
        type == ColumnType.BIGINT
            || type == ColumnType.INTEGER
            || type == ColumnType.DOUBLE
            || type == ColumnType.DECIMAL;
    String sqlText;
    boolean fits;
    if (t.kind() == Kind.NUMBER) {
      sqlText = sign + t.text();
      fits = numeric;
    } else if (t.kind() == Kind.STRING) {
      sqlText = "'" + t.text().replace("'", "''") + "'";
      fits = type == ColumnType.VARCHAR;
      if (fits
          && typed.length() >= 0
          && t.text().codePointCount(0, t.text().length()) > typed.length()) {
        throw defaultTooLong(sqlText, col, typed);
      }
    } else if (t.is("X") && c.peek().kind() == Kind.STRING) {
      String hex = c.next().text();
      int bytes = hexLength(hex, col);
      sqlText = "X'" + hex.toUpperCase(Locale.ROOT) + "'";
      fits = type == ColumnType.VARBINARY;
      if (fits && typed.length() >= 0 && bytes > typed.length()) {
        throw defaultTooLong(sqlText, col, typed);
      }
    } else if (t.is("TRUE") || t.is("FALSE")) {
      sqlText = t.text().toUpperCase(Locale.ROOT);
      fits = type == ColumnType.BOOLEAN;
    } else if (t.is("NULL")) {
      return null;
    } else if ((t.is("DATE") || t.is("TIMESTAMP") || t.is("TIME"))
        && c.peek().kind() == Kind.STRING) {
      String kind = t.text().toUpperCase(Locale.ROOT);
      String value = c.next().text();
      try {
        if (kind.equals("DATE")) {
          java.time.LocalDate.parse(value);
        } else if (kind.equals("TIME")) {
          java.time.LocalTime.parse(value);
        } else {
          java.sql.Timestamp.valueOf(value);
        }
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw SqlStates.create(
            "bad " + kind + " literal '" + value + "' in DEFAULT of column " + q(col),
            SqlStates.INVALID_DATETIME_FORMAT,
            null);
      }
      sqlText = kind + " '" + value + "'";
      fits =
          kind.equals("TIME")
              ? type == ColumnType.TIME
              : type == ColumnType.TIMESTAMP || type == ColumnType.DATE && kind.equals("DATE");
    } else if (t.is("CURRENT_TIMESTAMP") || t.is("CURRENT_DATE") || t.is("LOCALTIMESTAMP")) {
      sqlText = t.text().toUpperCase(Locale.ROOT);
      fits = type == ColumnType.TIMESTAMP || type == ColumnType.DATE;
    } else {
      throw c.errorAt(
          t, "a literal, CURRENT_TIMESTAMP or CURRENT_DATE after DEFAULT (column " + q(col) + ")");
    }
    if (!fits) {
      throw SqlStates.create(
          "DEFAULT "
              + sqlText
              + " does not fit column "
              + q(col)
              + " of type "
              + typed.declaredType(),
          SqlStates.DATATYPE_MISMATCH,
          null);
    }
    return sqlText;
  }

  private static SQLException defaultTooLong(String sqlText, String col, Column typed) {
    return SqlStates.create(
        "DEFAULT "
            + sqlText
            + " is longer than column "
            + q(col)
            + " "
            + typed.declaredType()
            + "("
            + typed.length()
            + ")",
        SqlStates.STRING_TOO_LONG,
        null);
  }

  /** The number of bytes of a binary literal's hex digits; 42601 naming it when they are bad. */
  private static int hexLength(String hex, String col) throws SQLException {
    String p = BinaryLiterals.problem(hex);
    if (p != null) {
      throw SqlStates.create(
          "bad binary literal X'" + hex + "' in DEFAULT of column " + q(col) + ": " + p,
          SqlStates.SYNTAX,
          null);
    }
    return hex.length() / 2;
  }
}
