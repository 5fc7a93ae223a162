package io.tidal.calcite;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code DECAY_SCORE}, {@code WINDOWED_COUNT} and {@code VELOCITY}: (entity_id VARCHAR, signal_type
 * VARCHAR, duration INTERVAL DAY TO SECOND [, at TIMESTAMP]).
 *
 * <p>Design notes. Implemented as {@link ImplementableFunction}s, not reflective static methods, for
 * two reasons (docs/notes/calcite.md): the generated call passes the statement's {@link DataContext} as a
 * hidden first argument, through which {@link ScoreRuntime} finds the connection's database (no
 * global); and an INTERVAL DAY TO SECOND parameter arrives as milliseconds whatever unit the literal
 * used. The entity id is VARCHAR only (an overload on BIGINT breaks {@code ?} typing); BIGINT ids are
 * coerced. The result is NOT NULL (an unknown entity scores 0), which the top-K rule relies on.
 * Bad signal types and durations are caught while preparing ({@code io.tidal.sql}); at run time the
 * engine's error is reported by the JDBC layer.
 */
public final class ScoreFunction implements ScalarFunction, ImplementableFunction {

  /** Which score. */
  public enum Kind {
    DECAY("DECAY_SCORE", "HALF_LIFE", "decayScore"),
    COUNT("WINDOWED_COUNT", "WINDOW", "windowedCount"),
    VELOCITY("VELOCITY", "WINDOW", "velocity");

    private final String sqlName;
    private final String durationParam;
    private final String method;

    Kind(String sqlName, String durationParam, String method) {
      this.sqlName = sqlName;
      this.durationParam = durationParam;
      this.method = method;
    }

    /** The function's SQL name (upper case). */
    public String sqlName() {
      return sqlName;
    }

    /** The kind whose SQL name is {@code name} (any case), or null. */
    public static Kind of(String name) {
      for (Kind k : values()) {
        if (k.sqlName.equalsIgnoreCase(name)) {
          return k;
        }
      }
      return null;
    }
  }

  private final Kind kind;
  private final Method method;

  ScoreFunction(Kind kind) {
    this.kind = kind;
    try {
      this.method =
          ScoreRuntime.class.getMethod(
              kind.method,
              DataContext.class,
              Object.class,
              Object.class,
              Object.class,
              Object.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory tf) {
    return tf.createTypeWithNullability(
        tf.createSqlType(kind == Kind.COUNT ? SqlTypeName.BIGINT : SqlTypeName.DOUBLE), false);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> ps = new ArrayList<>();
    ps.add(
        param(
            0,
            "ENTITY_ID",
            false,
            tf -> tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true)));
    ps.add(
        param(
            1,
            "SIGNAL_TYPE",
            false,
            tf -> tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true)));
    ps.add(
        param(
            2,
            kind.durationParam,
            false,
            tf ->
                tf.createTypeWithNullability(
                    tf.createSqlIntervalType(
                        new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO)),
                    true)));
    ps.add(
        param(
            3,
            "AT",
            true,
            tf -> tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.TIMESTAMP, 3), true)));
    return ps;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor(
        (translator, call, operands) -> {
          List<Expression> args = new ArrayList<>();
          args.add(translator.getRoot());
          for (int i = 0; i < 4; i++) {
            args.add(i < operands.size() ? asObject(operands.get(i)) : Expressions.constant(null));
          }
          return Expressions.call(method, args);
        },
        NullPolicy.NONE,
        false);
  }

  /**
   * The operand as an Object argument, boxed first: a negative primitive constant converted
   * directly prints as {@code (Object) -1L}, which Java (and Janino) parse as a subtraction, so
   * any {@code at} before 1970 failed to compile (found by the SQL fuzz).
   */
  private static Expression asObject(Expression e) {
    Expression boxed = Primitive.is(e.getType()) ? Expressions.box(e) : e;
    return EnumUtils.convert(boxed, Object.class);
  }

  @Override
  public String toString() {
    return kind.sqlName.toLowerCase(Locale.ROOT);
  }

  private interface TypeOf {
    RelDataType apply(RelDataTypeFactory tf);
  }

  private static FunctionParameter param(int ordinal, String name, boolean optional, TypeOf type) {
    return new FunctionParameter() {
      @Override
      public int getOrdinal() {
        return ordinal;
      }

      @Override
      public String getName() {
        return name;
      }

      @Override
      public RelDataType getType(RelDataTypeFactory tf) {
        return type.apply(tf);
      }

      @Override
      public boolean isOptional() {
        return optional;
      }
    };
  }
}
