package io.tidal.sql;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeMappingRule;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.implicit.TypeCoercionFactory;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit type coercion without its internal errors: no coercion towards a type the
 * value cannot be cast to, and none towards an INTERVAL type (the duration parameter of {@code
 * DECAY_SCORE}, {@code WINDOWED_COUNT} and {@code VELOCITY}).
 *
 * <p>Design notes. Calcite decides that an operand needs a cast and then asserts that the cast is
 * allowed: for {@code price = FALSE} (a DECIMAL column) or {@code score IN (' ', DATE
 * '2026-11-09')} the assertion failed, an XX000 found by the SQL fuzz. Here such a coercion is refused
 * with 42804 naming the operand and both types. When a call to a user-defined function needs any argument coerced (a number as
 * the entity id, a DATE as {@code at}), Calcite casts every argument whose type differs from its
 * parameter's, and for an INTERVAL parameter it writes the cast's target as a basic type name,
 * which Calcite's own type factory refuses when the call is validated again ({@code
 * AssertionError: use createSqlIntervalType() instead}: the fuzz's {@code
 * calcite-interval-coercion-assertion}, XX000). Here: an interval of the parameter's family (an
 * {@code INTERVAL '90' MINUTE} for {@code INTERVAL DAY TO SECOND}) is left as it is (every
 * day-time interval is milliseconds at run time); a NULL is cast with an interval qualifier, as
 * the parser writes {@code CAST(x AS INTERVAL DAY TO SECOND)}; anything else (text such as {@code
 * '1 hour'}, a number, a date, a year-month interval) is refused with 42804 naming the argument,
 * instead of a cast that could only fail or guess a unit.
 */
final class TidalTypeCoercion extends TypeCoercionImpl {
  /** The function whose arguments are being coerced, for the error message (or null). */
  private String function;

  /** {@code SqlValidator.Config.withTypeCoercionFactory}, found by reflection (see {@link #install}). */
  private static final Method WITH_FACTORY;

  static {
    try {
      WITH_FACTORY =
          SqlValidator.class
              .getMethod("config")
              .getReturnType()
              .getMethod("withTypeCoercionFactory", TypeCoercionFactory.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  TidalTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  /**
   * {@code config} (a {@code SqlValidator.Config}) with this coercion. By reflection: naming {@code
   * SqlValidator.Config} in source makes javac read its Immutables annotations, which are not on
   * the class path (a warning, so an error under -Werror).
   */
  static Object install(Object config) {
    try {
      return WITH_FACTORY.invoke(config, (TypeCoercionFactory) TidalTypeCoercion::new);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public boolean userDefinedFunctionCoercion(
      SqlValidatorScope scope, SqlCall call, SqlFunction function) {
    String outer = this.function;
    this.function = function.getName();
    try {
      return super.userDefinedFunctionCoercion(scope, call, function);
    } finally {
      this.function = outer;
    }
  }

  /**
   * Calcite's comparison coercion; then, for {@code BETWEEN}, the three operands must be comparable
   * two by two: when they have no common type ({@code score BETWEEN 'sport' AND CURRENT_TIMESTAMP}
   * on a DOUBLE column) Calcite leaves them as they are and its generated code does not compile
   * (XX000, the SQL fuzz's {@code calcite-coercion-codegen}); here that is 42804 naming them.
   */
  @Override
  public boolean binaryComparisonCoercion(org.apache.calcite.sql.SqlCallBinding binding) {
    boolean changed = super.binaryComparisonCoercion(binding);
    SqlCall call = binding.getCall();
    if (call.getKind() == SqlKind.BETWEEN) {
      java.util.List<SqlNode> operands = call.getOperandList();
      SqlValidatorScope scope = binding.getScope();
      for (int i = 0; i < operands.size(); i++) {
        for (int j = i + 1; j < operands.size(); j++) {
          RelDataType a = validator.deriveType(scope, operands.get(i));
          RelDataType b = validator.deriveType(scope, operands.get(j));
          if (!SqlTypeUtil.isNull(a) && !SqlTypeUtil.isNull(b) && !SqlTypeUtil.isComparable(a, b)) {
            throw new Mismatch(
                "type mismatch: "
                    + operands.get(i)
                    + " is "
                    + typeName(a)
                    + " and "
                    + operands.get(j)
                    + " is "
                    + typeName(b)
                    + ": BETWEEN compares values of one type (write an explicit CAST)");
          }
        }
      }
    }
    return changed;
  }

  @Override
  protected boolean needToCast(
      SqlValidatorScope scope, SqlNode node, RelDataType toType, SqlTypeMappingRule mappingRule) {
    RelDataType fromType = validator.deriveType(scope, node);
    if (fromType != null
        && !SqlTypeUtil.equalSansNullability(factory, fromType, toType)
        && (!SqlTypeUtil.canCastFrom(toType, fromType, mappingRule)
            // a cast Calcite allows but cannot generate code for: DECIMAL to BOOLEAN in
            // "flag IN ('', .5)" (XX000 "while resolving method 'booleanValue'", SQL fuzz)
            || toType.getSqlTypeName() == SqlTypeName.BOOLEAN
                && fromType.getSqlTypeName() == SqlTypeName.DECIMAL)) {
      throw new Mismatch(
          "type mismatch: "
              + node
              + " is "
              + typeName(fromType)
              + " and cannot be converted to "
              + typeName(toType)
              + " to be compared or combined with the other operands (write an explicit CAST)");
    }
    return super.needToCast(scope, node, toType, mappingRule);
  }

  @Override
  protected boolean coerceOperandType(
      SqlValidatorScope scope, SqlCall call, int index, RelDataType targetType) {
    if (!SqlTypeUtil.isInterval(targetType)) {
      return super.coerceOperandType(scope, call, index, targetType);
    }
    SqlNode operand = call.getOperandList().get(index);
    if (operand instanceof SqlDynamicParam) {
      return false; // as Calcite: a parameter takes the parameter's type
    }
    RelDataType type = validator.deriveType(scope, operand);
    if (SqlTypeUtil.isInterval(type)
        && type.getSqlTypeName().getFamily() == targetType.getSqlTypeName().getFamily()) {
      return false;
    }
    if (SqlTypeUtil.isNull(type)) {
      SqlIntervalQualifier qualifier = targetType.getIntervalQualifier();
      if (qualifier == null) {
        return false;
      }
      SqlNode cast =
          SqlStdOperatorTable.CAST.createCall(operand.getParserPosition(), operand, qualifier);
      call.setOperand(index, cast);
      updateInferredType(cast, targetType);
      return true;
    }
    String name = call.getKind() == SqlKind.ARGUMENT_ASSIGNMENT ? call.operand(1) + " => " : "";
    throw new Mismatch(
        (function == null ? "" : function.toUpperCase(Locale.ROOT) + ": ")
            + "argument "
            + name
            + operand
            + " is "
            + typeName(type)
            + ", not a "
            + (targetType.getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME
                ? "day-time "
                : "")
            + "INTERVAL (write a duration as an interval literal, e.g. INTERVAL '1' HOUR)");
  }

  private static String typeName(RelDataType type) {
    return type.getFullTypeString().replace(" NOT NULL", "");
  }

  /** A datatype mismatch (42804): an engine error code, so {@link SqlStates} maps it. */
  private static final class Mismatch extends TidalException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(ErrorCode.DATATYPE_MISMATCH, message);
    }
  }
}
