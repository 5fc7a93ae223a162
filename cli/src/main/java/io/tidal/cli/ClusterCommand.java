package io.tidal.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * {@code ./tidal cluster demo [--signals N] [--items N]}: a Kafka broker and three tidal nodes in
 * child JVMs, the cluster's answers next to a single node's, a node killed and its partitions
 * moving (docs/SCALE.md). The demo lives in the tidal-cluster module (io.tidal.cluster.ClusterDemo),
 * which depends on this one: it is reached by name, and {@code ./tidal} runs this command with that
 * module's class path.
 */
final class ClusterCommand {
  private static final String DEMO = "io.tidal.cluster.ClusterDemo";

  private ClusterCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("demo")) {
      throw CliException.usage("usage: ./tidal cluster demo [--signals N] [--items N]");
    }
    try {
      Object code =
          Class.forName(DEMO)
              .getMethod("run", String[].class, PrintStream.class)
              .invoke(null, Arrays.copyOfRange(args, 1, args.length), out);
      return (Integer) code;
    } catch (ClassNotFoundException e) {
      throw CliException.usage(
          "the cluster demo needs the tidal-cluster module on the class path (./tidal cluster"
              + " builds it)");
    } catch (InvocationTargetException e) {
      throw new CliException("the cluster demo failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new CliException(
          "the tidal-cluster module on the class path does not match this command line: " + e, e);
    }
  }
}
