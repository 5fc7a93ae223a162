package io.tidal.cluster;

/**
 * The child JVM of {@link KafkaBroker}: formats the KRaft storage named in the properties file
 * (idempotent) and runs the combined broker + controller ({@code kafka.Kafka}) until killed.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  /** {@code args}: server.properties path, cluster id. */
  public static void main(String[] args) {
    ChildJvm.haltWithParent();
    int rc =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", args[1], "-c", args[0], "--ignore-formatted"},
            System.out);
    if (rc != 0) {
      System.err.println("kafka-storage format failed: " + rc);
      Runtime.getRuntime().halt(rc);
    }
    System.out.println(
        "storage formatted at "
            + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
            + " ms of JVM uptime");
    kafka.Kafka.main(new String[] {args[0]});
  }
}
