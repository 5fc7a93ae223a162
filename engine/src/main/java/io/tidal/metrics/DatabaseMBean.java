package io.tidal.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A database's {@link Metrics} as a JMX MBean named {@code io.tidal:type=Database,name=<name>}
 * (the directory's path, or {@code mem:<name>}; quoted with {@link ObjectName#quote} when it holds
 * a character an ObjectName value cannot: {@code , = : " * ? \} or a line break). Read-only
 * attributes, one per counter and gauge (Long) and five per timer or distribution: {@code
 * <name>_count} (Long) and {@code <name>_sum}, {@code _p50}, {@code _p99}, {@code _max} (Double,
 * microseconds for timers), the same figures as {@code sys.metrics}.
 */
public final class DatabaseMBean implements DynamicMBean {
  private static final System.Logger LOG = System.getLogger(DatabaseMBean.class.getName());

  private final Metrics metrics;
  private final String name;

  private DatabaseMBean(Metrics metrics, String name) {
    this.metrics = metrics;
    this.name = name;
  }

  /** The object name for a database named {@code name}. */
  public static ObjectName objectName(String name) {
    boolean plain = !name.isEmpty() && name.chars().noneMatch(c -> ",=:\"*?\\\n\r".indexOf(c) >= 0);
    try {
      return new ObjectName(
          "io.tidal:type=Database,name=" + (plain ? name : ObjectName.quote(name)));
    } catch (JMException e) {
      throw new IllegalArgumentException("no JMX name for database " + name, e);
    }
  }

  /**
   * Registers {@code metrics} under {@code name}'s object name in the platform MBean server; when
   * another database holds that name (two engines over one in-memory name through the Java API), as
   * {@code name#2}, {@code #3} ... Returns the name registered, or null if JMX refused (logged: a
   * database opens without its MBean rather than not at all).
   */
  public static ObjectName register(Metrics metrics, String name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (int i = 1; i < 1000; i++) {
      String n = i == 1 ? name : name + "#" + i;
      ObjectName on = objectName(n);
      try {
        server.registerMBean(new DatabaseMBean(metrics, n), on);
        return on;
      } catch (InstanceAlreadyExistsException e) {
        // taken by another open database: try the next suffix
      } catch (JMException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot register the JMX MBean of " + name, e);
        return null;
      }
    }
    return null;
  }

  /** Unregisters {@code on} (null: nothing); a failure is logged, never thrown (close goes on). */
  public static void unregister(ObjectName on) {
    if (on == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(on);
    } catch (JMException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot unregister the JMX MBean " + on, e);
    }
  }

  /** Every attribute and its value now (one snapshot). */
  public static Map<String, Object> attributes(List<Metrics.Row> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Metrics.Row r : rows) {
      if (r.count() == null) {
        m.put(r.name(), (long) r.value());
      } else {
        m.put(r.name() + "_count", r.count());
        m.put(r.name() + "_sum", r.value());
        m.put(r.name() + "_p50", r.p50());
        m.put(r.name() + "_p99", r.p99());
        m.put(r.name() + "_max", r.max());
      }
    }
    return m;
  }

  @Override
  public Object getAttribute(String attribute) throws AttributeNotFoundException {
    Object v = attributes(metrics.snapshot()).get(attribute);
    if (v == null) {
      throw new AttributeNotFoundException("no attribute " + attribute + " on database " + name);
    }
    return v;
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    Map<String, Object> all = attributes(metrics.snapshot());
    AttributeList list = new AttributeList();
    for (String n : names) {
      Object v = all.get(n);
      if (v != null) {
        list.add(new Attribute(n, v));
      }
    }
    return list;
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException("read-only: " + attribute.getName());
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException("no operations on io.tidal:type=Database");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    List<MBeanAttributeInfo> infos = new ArrayList<>();
    attributes(metrics.snapshot())
        .forEach(
            (n, v) ->
                infos.add(
                    new MBeanAttributeInfo(
                        n, v.getClass().getName(), "tidal metric " + n, true, false, false)));
    return new MBeanInfo(
        DatabaseMBean.class.getName(),
        "tidal database " + name + ": the rows of sys.metrics (docs/OPERATIONS.md)",
        infos.toArray(new MBeanAttributeInfo[0]),
        null,
        null,
        null);
  }
}
