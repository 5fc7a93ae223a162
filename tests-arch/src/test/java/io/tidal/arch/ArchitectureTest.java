package io.tidal.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module direction of docs/ARCHITECTURE.md, checked over the compiled main classes of every
 * module: cli and cluster on the driver, the driver on sql, sql on the Calcite adapter, all of them
 * on the engine, which knows nothing of JDBC or Calcite; other modules reach the engine only through
 * its API packages; no cycles between packages.
 */
class ArchitectureTest {
  /** The engine's API: the root package (TidalDB, Config, Signal, RankQuery ...), the catalog, metrics. */
  private static final String[] ENGINE_API = {
    "io.tidal", "io.tidal.schema..", "io.tidal.metrics.."
  };

  /** The engine's internals: reached only from inside the engine. */
  private static final String[] ENGINE_INTERNALS = {"io.tidal.engine.."};

  private static final String[] OUTSIDE_ENGINE = {
    "io.tidal.calcite..",
    "io.tidal.sql..",
    "io.tidal.jdbc..",
    "io.tidal.cli..",
    "io.tidal.cluster..",
    "io.tidal.flyway.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tidal");
  }

  @Test
  void everyModuleIsImported() {
    // The rules below pass vacuously on an empty import: each module's classes must be there
    // (from target/classes or from the module's jar, depending on the Maven phase).
    for (String name :
        List.of(
            "io.tidal.TidalDB",
            "io.tidal.engine.ledger.Ledger",
            "io.tidal.calcite.TopKRule",
            "io.tidal.sql.DdlParser",
            "io.tidal.jdbc.TidalDriver",
            "io.tidal.cli.Main",
            "io.tidal.cluster.KafkaIngest",
            "io.tidal.flyway.TidalDatabaseType")) {
      assertThat(classes.contain(name)).as(name).isTrue();
    }
  }

  @Test
  void modulesDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("cli")
        .definedBy("io.tidal.cli..")
        .layer("cluster")
        .definedBy("io.tidal.cluster..")
        .layer("flyway")
        .definedBy("io.tidal.flyway..")
        .layer("driver")
        .definedBy("io.tidal.jdbc..")
        .layer("sql")
        .definedBy("io.tidal.sql..")
        .layer("calcite-adapter")
        .definedBy("io.tidal.calcite..")
        .layer("engine")
        .definedBy(concat(ENGINE_API, ENGINE_INTERNALS))
        .whereLayer("cli")
        .mayOnlyBeAccessedByLayers("cluster")
        .whereLayer("cluster")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("flyway")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("driver")
        .mayOnlyBeAccessedByLayers("cli", "cluster")
        .whereLayer("sql")
        .mayOnlyBeAccessedByLayers("driver")
        .whereLayer("calcite-adapter")
        .mayOnlyBeAccessedByLayers("sql", "driver", "cluster")
        .whereLayer("engine")
        .mayOnlyBeAccessedByLayers("calcite-adapter", "sql", "driver", "cli", "cluster")
        .check(classes);
  }

  @Test
  void theFlywayPluginUsesPlainJdbcOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.tidal.flyway..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.tidal.flyway..", "java..", "javax..", "org.flywaydb..")
        .check(classes);
  }

  @Test
  void otherModulesReachTheEngineOnlyThroughItsApiPackages() {
    noClasses()
        .that()
        .resideInAnyPackage(OUTSIDE_ENGINE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ENGINE_INTERNALS)
        .check(classes);
  }

  @Test
  void theEngineKnowsNothingOfJdbcOrCalcite() {
    noClasses()
        .that()
        .resideInAnyPackage(concat(ENGINE_API, ENGINE_INTERNALS))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.apache.calcite..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    // Every package is its own slice, except the API's root package io.tidal: its entry points
    // (TidalDB.open, DatabaseCheck, Config's FileLayer) construct the engine, and the engine
    // implements and throws the API's types, so io.tidal and io.tidal.engine.. reference each
    // other by design. Every other package, each engine internal one included, is checked.
    slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.startsWith("io.tidal.")
                    ? SliceIdentifier.of(name)
                    : SliceIdentifier.ignore();
              }

              @Override
              public String getDescription() {
                return "packages under io.tidal";
              }
            })
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
