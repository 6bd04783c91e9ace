package io.tglake.sql;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import io.tglake.contract.DdlRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints (or writes) the statements of the contract's DDL ({@code
 * contract/src/main/resources/tglake/ddl}) with their placeholders filled, for Athena or any Hive
 * DDL engine; see the sql README for the command line. Without {@code --out} the statements go to
 * stdout in file order, separated by blank lines, ready to paste into the Athena console one at a
 * time (Athena runs one statement per execution).
 */
@Command(
    name = "DdlRenderCommand",
    description = {
      "Renders the contract's DDL files (tglake/ddl/*.sql of tglake-contract, unless --ddl-dir) to "
          + "stdout, in file order, or to "
          + "--out DIR. $${context_date} is Athena's own and is left alone."
    },
    footer = {"", "Exit codes: 0 ok, 1 a file could not be read or written, 2 bad options."})
public final class DdlRenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--database",
      required = true,
      paramLabel = "NAME",
      description = "Glue/Hive database")
  String database;

  // Not the shared --enriched: nothing is read from this location, it is only written into LOCATION
  // clauses.
  @Option(
      names = "--lake-location",
      required = true,
      paramLabel = "URI",
      description =
          "enriched root for the LOCATION clauses, no trailing slash, e.g. s3://my-lake-bucket/enriched")
  String location;

  @Option(
      names = "--local-tz",
      paramLabel = "ZONE",
      defaultValue = DdlRenderer.DEFAULT_LOCAL_TZ,
      description = "zone of the view messages_local (default ${DEFAULT-VALUE})")
  String tz;

  @Option(
      names = "--ddl-dir",
      paramLabel = "DIR",
      description = "read the .sql files from DIR instead")
  Path ddlDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "write one rendered file per statement file into DIR")
  Path outDir;

  private final PrintStream out;

  private DdlRenderCommand(PrintStream out) {
    this.out = out;
  }

  /** Command line entry point; exit 2 on bad options. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.of(new DdlRenderCommand(out))
        .exitCode(UncheckedIOException.class, ExitCode.FAILED)
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true))
        .execute(args);
  }

  @Override
  public Integer call() {
    Map<String, String> vars;
    try {
      vars = DdlRenderer.variables(database, location, tz);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e.getMessage());
    }
    try {
      List<DdlRenderer.DdlFile> files =
          ddlDir == null ? DdlRenderer.bundled() : DdlRenderer.readDirectory(ddlDir);
      if (outDir != null) {
        Files.createDirectories(outDir);
      }
      for (DdlRenderer.DdlFile f : files) {
        String rendered = DdlRenderer.render(f.text(), vars);
        if (outDir != null) {
          Files.writeString(outDir.resolve(f.name()), rendered, StandardCharsets.UTF_8);
        } else {
          out.println(rendered.strip());
          out.println();
        }
      }
      return ExitCode.OK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
