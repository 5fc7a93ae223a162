package io.tidal.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one subcommand: positional words, {@code --name value} options and {@code --flag}
 * switches. Unknown options are a usage error naming the option.
 */
final class Args {
  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flagsSeen = new java.util.HashSet<>();

  private Args() {}

  /**
   * Parses {@code args}; {@code valued} names the options that take a value (also accepted as
   * {@code --name=value}), {@code flags} those that do not.
   */
  static Args parse(String command, String[] args, Set<String> valued, Set<String> flags) {
    Args parsed = new Args();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-")) {
        parsed.positional.add(arg);
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (flags.contains(name) && value == null) {
        parsed.flagsSeen.add(name);
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw CliException.usage("option " + name + " needs a value");
          }
          value = args[++i];
        }
        parsed.options.put(name, value);
      } else {
        throw CliException.usage(
            "unknown option '" + arg + "' (see ./tidal " + command + " --help)");
      }
    }
    return parsed;
  }

  List<String> positional() {
    return positional;
  }

  /** The single optional positional argument, or null; more than one is a usage error. */
  String optionalPositional(String command) {
    if (positional.size() > 1) {
      throw CliException.usage(
          "unexpected argument '" + positional.get(1) + "' (see ./tidal " + command + " --help)");
    }
    return positional.isEmpty() ? null : positional.get(0);
  }

  String option(String name) {
    return options.get(name);
  }

  boolean flag(String name) {
    return flagsSeen.contains(name);
  }

  int intOption(String command, String name, int defaultValue, int min, int max) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw CliException.usage(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw CliException.usage(name + " must be a whole number, got '" + value + "'");
    }
  }
}
