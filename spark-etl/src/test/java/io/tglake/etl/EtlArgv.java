package io.tglake.etl;

import io.tglake.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command line parsed the way {@code TelegramEtlJob.main} parses it (picocli through {@link Cli},
 * the same exit codes and messages), with a job that only keeps the {@link JobArgs}: tests see what
 * the job would have been given, or the usage error a user would have read.
 *
 * @param exitCode what the process would have exited with
 * @param args the parsed options when the job would have run
 * @param out what went to stdout (the generated help)
 * @param err what went to stderr (usage errors)
 */
record EtlArgv(int exitCode, Optional<JobArgs> args, String out, String err) {

  static EtlArgv run(Clock clock, String... argv) {
    List<JobArgs> parsed = new ArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.of(
                new EtlCommand(
                    clock,
                    a -> {
                      parsed.add(a);
                      return 0;
                    }))
            .out(new PrintWriter(out, true))
            .err(new PrintWriter(err, true))
            .execute(argv);
    return new EtlArgv(code, parsed.stream().findFirst(), out.toString(), err.toString());
  }

  /** The options of a command line that must parse; fails with the usage error otherwise. */
  static JobArgs parse(Clock clock, String... argv) {
    EtlArgv r = run(clock, argv);
    if (r.exitCode() != 0 || r.args().isEmpty()) {
      throw new IllegalArgumentException(
          "exit " + r.exitCode() + " for " + String.join(" ", argv) + ": " + r.err());
    }
    return r.args().get();
  }
}
