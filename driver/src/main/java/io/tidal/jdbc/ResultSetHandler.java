package io.tidal.jdbc;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A ResultSet over Calcite's: TIMESTAMP and DATE values come back by their wall-clock fields
 * ({@link Times}), {@code getObject(i, LocalDateTime.class)} and friends work, {@code getStatement}
 * returns the tidal statement, and every failure (including a function error surfacing in
 * {@code next()}) is an {@link java.sql.SQLException}; a prepared statement's {@code maxRows}
 * caps the rows {@code next()} returns (Calcite's prepared statements ignore it).
 */
final class ResultSetHandler extends JdbcProxy {
  private final ResultSet delegate;
  private final Object statement;
  private final long maxRows;

  /** A remote result set (Avatica's client): only getStatement and maxRows are tidal's. */
  private final boolean remote;

  private long rows;
  private java.sql.ResultSetMetaData metaData;

  /** The handler of a {@link DirectResultSet} delegate, called without reflection; else null. */
  private final DirectResultSet direct;

  private ResultSetHandler(ResultSet delegate, Object statement, long maxRows, boolean remote) {
    super(ResultSet.class);
    this.delegate = delegate;
    this.statement = statement;
    this.maxRows = maxRows;
    this.remote = remote;
    this.direct =
        java.lang.reflect.Proxy.isProxyClass(delegate.getClass())
                && java.lang.reflect.Proxy.getInvocationHandler(delegate)
                    instanceof DirectResultSet d
            ? d
            : null;
  }

  /** Calls {@code m} on the delegate. */
  private Object fwd(Method m, Object[] args) throws Throwable {
    return direct != null
        ? direct.handle(delegate, m, m.getName(), args)
        : forward(delegate, m, args);
  }

  static ResultSet wrap(ResultSet rs, Object statement) {
    return wrap(rs, statement, 0);
  }

  /** {@code rs} as a tidal result set returning at most {@code maxRows} rows (0: no limit). */
  static ResultSet wrap(ResultSet rs, Object statement, long maxRows) {
    return create(ResultSet.class, new ResultSetHandler(rs, statement, maxRows, false));
  }

  /**
   * A remote statement's result set {@code rs} (Avatica's client, whose values need none of the
   * embedded conversions): {@code getStatement} returns the tidal statement, at most {@code
   * maxRows} rows (0: no limit), every failure an SQLException.
   */
  static ResultSet remote(ResultSet rs, Object statement, long maxRows) {
    return rs == null
        ? null
        : create(ResultSet.class, new ResultSetHandler(rs, statement, maxRows, true));
  }

  @Override
  Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    if (remote && !name.equals("getStatement") && !name.equals("next")) {
      return fwd(m, args);
    }
    switch (name) {
      case "getStatement":
        return statement;
      case "next":
        if (maxRows > 0 && rows >= maxRows) {
          return false;
        }
        if ((Boolean) fwd(m, args)) {
          rows++;
          return true;
        }
        return false;
      case "getTimestamp":
        if (args.length == 1) {
          Timestamp t = (Timestamp) fwd(m, args);
          return t == null ? null : Times.fromUtc(t);
        }
        return fwd(m, args);
      case "getTime":
        if (args.length == 1) {
          Time t = (Time) fwd(m, args);
          return t == null ? null : Times.fromUtc(t);
        }
        return fwd(m, args);
      case "getDate":
        if (args.length == 1) {
          Date d = (Date) fwd(m, args);
          return d == null ? null : Times.fromUtc(d);
        }
        return fwd(m, args);
      case "getMetaData":
        if (metaData == null) {
          metaData = DeclaredMetaData.wrap((java.sql.ResultSetMetaData) fwd(m, args), statement);
        }
        return metaData;
      case "getClob":
        return Lobs.clob(
            args[0] instanceof Integer i
                ? delegate.getString(i)
                : delegate.getString((String) args[0]));
      case "getBlob", "getBinaryStream":
        {
          byte[] bytes =
              args[0] instanceof Integer i
                  ? delegate.getBytes(i)
                  : delegate.getBytes((String) args[0]);
          return name.equals("getBlob") ? Lobs.blob(bytes) : Lobs.stream(bytes);
        }
      case "getObject":
        if (args.length == 1) {
          return local(fwd(m, args));
        }
        if (args.length == 2 && args[1] instanceof Class<?> c) {
          return getObject(m, args, c);
        }
        return fwd(m, args);
      default:
        return fwd(m, args);
    }
  }

  /** A value of {@code getObject(i)} as tidal returns it: times by their wall-clock fields. */
  static Object local(Object o) {
    if (o instanceof Timestamp t) {
      return Times.fromUtc(t);
    }
    if (o instanceof Date d) {
      return Times.fromUtc(d);
    }
    if (o instanceof Time t) {
      return Times.fromUtc(t);
    }
    return o;
  }

  private Object getObject(Method m, Object[] args, Class<?> c) throws Throwable {
    if (c == LocalDateTime.class
        || c == Instant.class
        || c == OffsetDateTime.class
        || c == Timestamp.class) {
      Timestamp t =
          args[0] instanceof Integer i
              ? delegate.getTimestamp(i)
              : delegate.getTimestamp((String) args[0]);
      if (t == null) {
        return null;
      }
      LocalDateTime ldt = Times.wallClock(t);
      if (c == LocalDateTime.class) {
        return ldt;
      }
      if (c == Instant.class) {
        return ldt.toInstant(ZoneOffset.UTC);
      }
      if (c == OffsetDateTime.class) {
        return ldt.atOffset(ZoneOffset.UTC);
      }
      return Timestamp.valueOf(ldt);
    }
    if (c == LocalDate.class || c == Date.class) {
      Date d =
          args[0] instanceof Integer i ? delegate.getDate(i) : delegate.getDate((String) args[0]);
      if (d == null) {
        return null;
      }
      LocalDate ld = Times.localDate(d);
      return c == LocalDate.class ? ld : Date.valueOf(ld);
    }
    Object v = typed(args[0] instanceof Integer i ? i : delegate.findColumn((String) args[0]), c);
    return v == NOT_TYPED ? fwd(m, args) : v;
  }

  private static final Object NOT_TYPED = new Object();

  /**
   * {@code getObject(i, c)} for the usual Java classes through the typed getter (Avatica's
   * accessors answer most of them with "cannot convert to Object (with type)"); SQL NULL is null.
   */
  private Object typed(int i, Class<?> c) throws SQLException {
    Object v;
    if (c == Integer.class) {
      v = delegate.getInt(i);
    } else if (c == Long.class) {
      v = delegate.getLong(i);
    } else if (c == Short.class) {
      v = delegate.getShort(i);
    } else if (c == Byte.class) {
      v = delegate.getByte(i);
    } else if (c == Double.class) {
      v = delegate.getDouble(i);
    } else if (c == Float.class) {
      v = delegate.getFloat(i);
    } else if (c == BigDecimal.class) {
      v = delegate.getBigDecimal(i);
    } else if (c == BigInteger.class) {
      BigDecimal d = delegate.getBigDecimal(i);
      v = d == null ? null : d.toBigInteger();
    } else if (c == String.class) {
      v = delegate.getString(i);
    } else if (c == Boolean.class) {
      v = delegate.getBoolean(i);
    } else if (c == byte[].class) {
      v = delegate.getBytes(i);
    } else if (c == LocalTime.class || c == Time.class) {
      Time t = delegate.getTime(i);
      if (t == null) {
        return null;
      }
      // the connection runs in UTC: the value's epoch millis are the time of day
      return c == LocalTime.class ? Times.localTime(t) : Times.fromUtc(t);
    } else if (c == Object.class) {
      v = handleGetObject(i);
    } else {
      return NOT_TYPED;
    }
    return delegate.wasNull() ? null : v;
  }

  private Object handleGetObject(int i) throws SQLException {
    Object o = delegate.getObject(i);
    if (o instanceof Timestamp t) {
      return Times.fromUtc(t);
    }
    if (o instanceof Date d) {
      return Times.fromUtc(d);
    }
    return o;
  }
}
