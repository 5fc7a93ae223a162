package io.tidal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * The API's two ways into the implementation, {@link TidalDB#open} and {@link DatabaseCheck#run},
 * looked up by name once: the engine ({@code io.tidal.engine}) implements and throws the API's
 * types, so a compile-time reference back from {@code io.tidal} would make the two packages a
 * cycle (docs/ARCHITECTURE.md, ArchitectureTest). Every test that opens a database goes through
 * here, so a renamed target fails the whole build at once.
 */
final class EngineBootstrap {
  private static final MethodHandle OPEN =
      find("io.tidal.engine.Engine", "open", MethodType.methodType(TidalDB.class, Config.class));
  private static final MethodHandle CHECK =
      find(
          "io.tidal.engine.DatabaseChecker",
          "run",
          MethodType.methodType(DatabaseCheck.Report.class, Path.class));

  private EngineBootstrap() {}

  static TidalDB open(Config config) {
    try {
      return (TidalDB) OPEN.invokeExact(config);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw TidalException.internal("opening " + config, t);
    }
  }

  static DatabaseCheck.Report check(Path dir) {
    try {
      return (DatabaseCheck.Report) CHECK.invokeExact(dir);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw TidalException.internal("checking " + dir, t);
    }
  }

  private static MethodHandle find(String className, String method, MethodType type) {
    try {
      Class<?> c = Class.forName(className, true, EngineBootstrap.class.getClassLoader());
      return MethodHandles.publicLookup().findStatic(c, method, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "tidal's engine is missing from the class path: " + className, e);
    }
  }
}
