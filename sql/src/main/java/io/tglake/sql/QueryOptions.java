package io.tglake.sql;

import io.tglake.cli.DayOptions;
import io.tglake.cli.DayRange;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import io.tglake.contract.DdlRenderer;
import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.WarmTrino;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options of {@code bin/tglake query} as a picocli command: the days from the shared {@link
 * DayOptions}, the lake from the shared {@link LakeOptions} ({@code --enriched}), the rest its own.
 * {@link #toArgs} checks the combinations and yields {@link QueryCommand.Args}; the action runs
 * them.
 */
@Command(
    name = "tglake query",
    description = {
      "Runs queries of sql/queries (by name, e.g. messages_per_day, or any .sql file using the "
          + ":from_date/:to_date parameters) and prints each result as a table. Default day: yesterday (UTC).",
      "",
      "Local lake (default): uses the lake's warm Trino "
          + LocalTrino.VERSION
          + " server on 127.0.0.1, "
          + "starting it in the background on first use (JDK >= 24 needed: TRINO_JAVA_HOME, JAVA_HOME or "
          + "/usr/lib/jvm); later commands on the same lake reuse it, and it stops by itself after --idle-timeout "
          + "without queries. The tables of the contract's DDL are (re)registered over the lake on every call. "
          + "Athena (--athena --workgroup W): runs on Amazon Athena, AWS credentials and region from "
          + "the SDK's chain."
    },
    footer = {
      "",
      "The local lake is the directory --enriched (default ./" + QueryOptions.DEFAULT_LAKE + ").",
      "",
      "Examples:",
      "  bin/tglake query --list",
      "  bin/tglake query messages_per_day --date 2026-11-20",
      "  bin/tglake query my.sql top_questions --from 2026-11-16 --to 2026-11-22",
      "  bin/tglake query --start          (prints the JDBC URL of the warm server; bin/tglake sql opens a shell)",
      "  bin/tglake query --stop",
      "  bin/tglake query top_questions --athena --workgroup tglake --date 2026-11-22",
      "",
      "Exit codes: 0 ok, 1 query or engine failed, 2 bad options."
    })
final class QueryOptions implements Callable<Integer> {

  static final String DEFAULT_LAKE = "lake/enriched";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smh])");

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "QUERY",
      description =
          "query names (see --list) or .sql files; several run one after the other on one connection")
  List<String> queries = new ArrayList<>();

  @Mixin LakeOptions lake;

  /**
   * The option's name before the shared {@code --enriched}; kept so existing scripts keep working.
   */
  @Option(names = "--lake", hidden = true, paramLabel = "DIR")
  String legacyLake;

  @Mixin DayOptions days;

  @Option(
      names = "--tz",
      paramLabel = "ZONE",
      description =
          "zone of the local-time view messages_local (default "
              + DdlRenderer.DEFAULT_LOCAL_TZ
              + ")")
  String tz;

  /** The server is always kept warm now; accepted so that existing scripts keep working. */
  @Option(names = "--keep-trino", hidden = true)
  boolean keepTrino;

  @Option(
      names = {"--stop", "--stop-trino"},
      description = "stop the lake's warm Trino server, then exit")
  boolean stopTrino;

  @Option(
      names = "--start",
      description =
          "start (or find) the lake's warm Trino server, register the tables, "
              + "print its JDBC URL (schema included) and exit")
  boolean start;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      description =
          "a server started by this call stops "
              + "after this long without queries: 15m, 90s, 1h (default: env TGLAKE_TRINO_IDLE_TIMEOUT, else 15m)")
  String idleTimeout;

  @Option(names = "--athena", description = "run on Amazon Athena instead of the local lake")
  boolean athena;

  @Option(
      names = "--workgroup",
      paramLabel = "NAME",
      description = "Athena workgroup (required with --athena)")
  String workgroup;

  @Option(
      names = "--database",
      paramLabel = "NAME",
      defaultValue = "tglake",
      description = "Glue database (default ${DEFAULT-VALUE})")
  String database;

  @Option(
      names = "--output",
      paramLabel = "S3_URI",
      description = "Athena query result location, if the workgroup does not enforce one")
  String output;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (default: the SDK's chain)")
  String region;

  @Option(
      names = "--create-view",
      description =
          "(re)create the view messages_local "
              + "(tglake/ddl/60_messages_local.sql of tglake-contract) in --database on Athena with zone --tz, then exit; needed once after "
              + "deploying, before activity_hour_weekday_local")
  boolean createView;

  @Option(names = "--list", description = "list the queries and the question each answers")
  boolean list;

  private final Clock clock;
  private final ToIntFunction<QueryCommand.Args> action;

  private QueryOptions(Clock clock, ToIntFunction<QueryCommand.Args> action) {
    this.clock = clock;
    this.action = action;
  }

  /** The command line of {@code tglake query}; {@code clock} gives the default day. */
  static CommandLine commandLine(Clock clock, ToIntFunction<QueryCommand.Args> action) {
    CommandLine line = new CommandLine(new QueryOptions(clock, action));
    // Of the shared lake options only --enriched applies: Trino reads a local directory, Athena the
    // catalog.
    CommandSpec spec = line.getCommandSpec();
    for (String name : new String[] {"--raw", "--s3-endpoint"}) {
      OptionSpec option = spec.findOption(name);
      if (option != null) {
        spec.remove(option);
      }
    }
    return line;
  }

  @Override
  public Integer call() {
    return action.applyAsInt(toArgs());
  }

  /**
   * The checked options; a {@link picocli.CommandLine.ParameterException} (exit 2) names what is
   * wrong.
   */
  QueryCommand.Args toArgs() {
    if (createView && !athena) {
      throw Usage.error(
          spec,
          "--create-view is for Athena (--athena --workgroup W); locally the view is "
              + "created on every run");
    }
    if (queries.isEmpty() && !list && !stopTrino && !createView && !start) {
      throw Usage.error(spec, "which query? give a name (see --list) or a .sql file");
    }
    DayRange window = days.resolve(clock);
    if (athena) {
      if (workgroup == null) {
        throw Usage.error(spec, "--athena needs --workgroup");
      }
      if (tz != null && !createView) {
        throw Usage.error(
            spec,
            "--tz applies to the local lake; on Athena the zone is the one the view "
                + "messages_local was created with (re-create it with --create-view --tz ZONE)");
      }
      if (output != null && !output.startsWith("s3://")) {
        throw Usage.error(spec, "--output must be an s3:// URI, got " + output);
      }
    } else if (workgroup != null || output != null || region != null) {
      throw Usage.error(spec, "--workgroup/--output/--region need --athena");
    }
    String zone = tz == null ? DdlRenderer.DEFAULT_LOCAL_TZ : tz;
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw Usage.error(spec, "--tz must be an IANA zone like America/Sao_Paulo, got " + zone);
    }
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw Usage.error(spec, "--database must match [a-z_][a-z0-9_]*, got " + database);
    }
    if (legacyLake != null && lake.enriched().isPresent()) {
      throw Usage.error(spec, "--lake is the former name of --enriched: give one of them");
    }
    String root = lake.enriched().orElse(legacyLake != null ? legacyLake : DEFAULT_LAKE);
    if (athena && (start || stopTrino)) {
      throw Usage.error(spec, "--start/--stop are about the local Trino server, not Athena");
    }
    String idle = idleTimeout != null ? idleTimeout : System.getenv("TGLAKE_TRINO_IDLE_TIMEOUT");
    Duration idleDuration;
    try {
      idleDuration =
          idle == null || idle.isBlank() ? WarmTrino.DEFAULT_IDLE_TIMEOUT : parseDuration(idle);
    } catch (IllegalArgumentException e) {
      throw Usage.error(
          spec,
          "--idle-timeout (or TGLAKE_TRINO_IDLE_TIMEOUT) must look like 15m, 90s or 1h, got "
              + idle);
    }
    return new QueryCommand.Args(
        List.copyOf(queries),
        new QueryParameters(window.from(), window.to()),
        Path.of(root).toAbsolutePath().normalize(),
        zone,
        athena,
        workgroup,
        database,
        Optional.ofNullable(output),
        Optional.ofNullable(region),
        idleDuration,
        start,
        stopTrino,
        list,
        createView);
  }

  /** {@code 90s}, {@code 15m}, {@code 1h}: a positive whole number and a unit. */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) <= 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
