package io.tidal.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Apache Kafka broker (the tests' fixture and the cluster demo's broker) (KRaft, combined broker + controller, one node) in a
 * child JVM on random local ports, with its storage in a temporary directory. {@link #shared()} is
 * started once per test JVM and killed when that JVM exits; {@link #start(Path)} gives a private
 * one. Readiness is polled through the admin client (describeCluster answers), never slept for.
 * Automatic topic creation is off, so a consumer of a missing topic sees a missing topic.
 */
final class KafkaBroker implements AutoCloseable {
  private static KafkaBroker shared;

  private final ChildJvm jvm;
  private final String bootstrap;
  private final Path dir;
  final long startMillis;

  private KafkaBroker(ChildJvm jvm, String bootstrap, Path dir, long startMillis) {
    this.jvm = jvm;
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.startMillis = startMillis;
  }

  /** The broker shared by every test class of this JVM (started on first use). */
  static synchronized KafkaBroker shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("tidal-kafka-");
      shared = start(dir);
      KafkaBroker b = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      b.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "kafka-broker-stop"));
    }
    return shared;
  }

  /** Formats storage under {@code dir}, starts the broker and waits until it answers. */
  static KafkaBroker start(Path dir) throws Exception {
    return start(dir, logDir("KafkaBroker").resolve(dir.getFileName() + ".log"));
  }

  /** As {@link #start(Path)}, the broker's output going to {@code log}. */
  static KafkaBroker start(Path dir, Path log) throws Exception {
    long t0 = System.nanoTime();
    int brokerPort = freePort();
    int controllerPort = freePort();
    Path props = dir.resolve("server.properties");
    Files.writeString(props, serverProperties(dir.resolve("data"), brokerPort, controllerPort));
    ChildJvm jvm =
        ChildJvm.start(
            KafkaBrokerMain.class,
            List.of("-Xmx512m"),
            log,
            props.toString(),
            Uuid.randomUuid().toString());
    String bootstrap = "127.0.0.1:" + brokerPort;
    try {
      awaitReady(jvm, bootstrap, Duration.ofSeconds(60));
    } catch (Exception | Error e) {
      jvm.kill();
      throw e;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println(
        "KafkaBroker: " + bootstrap + " ready in " + ms + " ms (log " + jvm.log() + ")");
    return new KafkaBroker(jvm, bootstrap, dir, ms);
  }

  static String serverProperties(Path data, int brokerPort, int controllerPort) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "log.segment.bytes=16777216",
        "");
  }

  private static void awaitReady(ChildJvm jvm, String bootstrap, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = adminProps(bootstrap);
    try (Admin admin = Admin.create(p)) {
      while (true) {
        if (!jvm.isAlive()) {
          throw new IllegalStateException(
              "the Kafka broker exited during start; see " + jvm.log() + ":\n" + tail(jvm.log()));
        }
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // not up yet: the admin client retries the connection on the next call
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the Kafka broker did not answer within " + timeout + "; see " + jvm.log());
        }
      }
    }
  }

  private static Properties adminProps(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    return p;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** A directory for child JVM logs that outlives the test: target/cluster-logs/NAME. */
  static Path logDir(String name) throws IOException {
    return Files.createDirectories(Path.of("target", "cluster-logs", name));
  }

  String bootstrap() {
    return bootstrap;
  }

  /** Creates topics with the given partition counts (replication 1) and waits for them. */
  void createTopics(Map<String, Integer> partitions) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    partitions.forEach((name, n) -> topics.add(new NewTopic(name, n, (short) 1)));
    try (Admin admin = Admin.create(adminProps(bootstrap))) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** A producer that waits for every replica's acknowledgement (acks=all, idempotent). */
  KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Kills the broker (kill -9: its data is thrown away) and deletes its directory. */
  @Override
  public void close() throws InterruptedException {
    jvm.kill();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("KafkaBroker: could not delete " + dir + ": " + e);
    }
  }

  Path dir() {
    return dir;
  }
}
