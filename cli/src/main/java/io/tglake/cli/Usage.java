package io.tglake.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Usage errors raised after parsing (option combinations, required values); {@link Cli} maps them
 * to exit 2.
 */
public final class Usage {

  private Usage() {}

  /**
   * A usage error for {@code spec}'s command, printed with a pointer to its {@code --help}.
   *
   * @param spec the command (a mixin's {@code @Spec(MIXEE)}); {@code null} when the options object
   *     was built in Java rather than parsed, which still yields a {@link ParameterException}
   */
  public static ParameterException error(CommandSpec spec, String message) {
    CommandLine line =
        spec != null && spec.commandLine() != null
            ? spec.commandLine()
            : new CommandLine(spec != null ? spec : CommandSpec.create());
    return new ParameterException(line, message);
  }
}
