package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void help_listsEveryCommand() {
    Cli cli = Cli.run("--help");
    assertThat(cli.exitCode).isZero();
    assertThat(cli.out)
        .contains(
            "demo [dir]",
            "shell [url|dir]",
            "server [dir]",
            "bench [args]",
            "cluster demo",
            "io.tidal.jdbc.TidalDriver");
  }

  @Test
  void cluster_needsDemo_andTheClusterModule() {
    Cli usage = Cli.run("cluster");
    assertThat(usage.exitCode).as(usage.toString()).isEqualTo(2);
    assertThat(usage.err).contains("usage: ./tidal cluster demo");
    // this module's tests run without tidal-cluster on the class path, as the shaded cli jar does
    Cli missing = Cli.run("cluster", "demo");
    assertThat(missing.exitCode).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err).contains("needs the tidal-cluster module on the class path");
  }

  @Test
  void run_noArguments_printsUsageAndExits2() {
    Cli cli = Cli.run();
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err).contains("usage: ./tidal <command>");
  }

  @Test
  void run_unknownCommand_namesIt() {
    Cli cli = Cli.run("frobnicate");
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err).contains("unknown command 'frobnicate'");
  }

  @Test
  void demo_unknownOption_isAUsageErrorWithoutStackTrace() {
    Cli cli = Cli.run("demo", "--bogus");
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err)
        .isEqualTo("tidal demo: unknown option '--bogus' (see ./tidal demo --help)\n");
  }

  @Test
  void demo_badNumber_namesOptionAndValue() {
    Cli cli = Cli.run("demo", "--items", "lots");
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err).contains("--items must be a whole number, got 'lots'");
    assertThat(Cli.run("demo", "--signals", "5").err).contains("--signals must be between 1000");
  }

  @Test
  void commandHelp_describesOptions() {
    assertThat(Cli.run("demo", "--help").out).contains("--signals N", "--seed S");
    assertThat(Cli.run("shell", "--help").out).contains("-f script.sql");
    assertThat(Cli.run("server", "--help").out).contains("--bind ADDR", "--user U");
  }

  @Test
  void server_passwordWithoutUser_isRefused() {
    Cli cli = Cli.run("server", "some-dir", "--password", "x");
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err).contains("--password needs --user");
  }

  @Test
  void bench_throughMain_pointsToTheLauncher() {
    Cli cli = Cli.run("bench");
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err).contains("./tidal bench");
  }
}
