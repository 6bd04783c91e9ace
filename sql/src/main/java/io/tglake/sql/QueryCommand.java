package io.tglake.sql;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.contract.DdlRenderer;
import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.TrinoLake;
import io.tglake.sql.trino.TrinoQueryRunner;
import io.tglake.sql.trino.WarmState;
import io.tglake.sql.trino.WarmTrino;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/**
 * {@code bin/tglake query}: runs queries of {@code sql/queries} on the local lake through the
 * lake's warm Trino server ({@link WarmTrino}: started on first use, reused by later commands,
 * stopped when idle), or on Athena, and prints aligned tables. Options: {@link QueryOptions}
 * ({@code --help}).
 */
public final class QueryCommand {

  /** Parsed options. */
  record Args(
      List<String> queries,
      QueryParameters parameters,
      Path lake,
      String tz,
      boolean athena,
      String workgroup,
      String database,
      Optional<String> output,
      Optional<String> region,
      Duration idleTimeout,
      boolean startOnly,
      boolean stopTrino,
      boolean list,
      boolean createView) {}

  private final Map<String, String> env;
  private final Function<Args, AthenaClient> athenaClients;
  private final PrintStream out;
  private final PrintStream err;
  private final Phases phases;

  QueryCommand(
      Map<String, String> env,
      Function<Args, AthenaClient> athenaClients,
      PrintStream out,
      PrintStream err) {
    this.env = env;
    this.athenaClients = athenaClients;
    this.out = out;
    this.err = err;
    this.phases = Phases.fromEnv(env, err);
  }

  /** Entry point of {@code bin/tglake query}. */
  public static void main(String[] argv) {
    QueryCommand command =
        new QueryCommand(System.getenv(), QueryCommand::athenaClient, System.out, System.err);
    System.exit(command.run(argv, Clock.systemUTC()));
  }

  int run(String[] argv, Clock clock) {
    return Cli.of(QueryOptions.commandLine(clock, this::execute))
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true))
        .execute(argv);
  }

  /**
   * Runs parsed options: list, stop the warm server, create the Athena view, start the warm server,
   * or run queries (locally all over one connection to the lake's warm server).
   */
  private int execute(Args args) {
    phases.mark("options parsed");
    try {
      QueryLibrary library = QueryLibrary.located();
      if (args.list()) {
        out.println(library.describe());
        return ExitCode.OK;
      }
      if (args.stopTrino()) {
        return stopWarmServer(args.lake()) ? ExitCode.OK : ExitCode.FAILED;
      }
      if (args.createView()) {
        DdlRenderer.DdlFile view =
            DdlRenderer.bundled().stream()
                .filter(f -> f.name().equals("60_messages_local.sql"))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalStateException("60_messages_local.sql is not packaged"));
        String sql =
            TrinoLake.statement(
                DdlRenderer.render(
                    view.text(), Map.of("DATABASE", args.database(), "LOCAL_TZ", args.tz())));
        runOnAthena(sql, args);
        err.println("created view " + args.database() + ".messages_local (zone " + args.tz() + ")");
        return ExitCode.OK;
      }
      List<QueryLibrary.Query> queries = new ArrayList<>();
      for (String name : args.queries()) {
        try {
          queries.add(library.load(name));
        } catch (IllegalArgumentException e) {
          err.println("tglake query: " + e.getMessage());
          return ExitCode.USAGE;
        }
      }
      if (args.athena()) {
        for (QueryLibrary.Query query : queries) {
          print(
              query,
              runOnAthena(args.parameters().bind(query.sql()), args),
              args,
              queries.size() > 1);
        }
        return ExitCode.OK;
      }
      if (!Files.isDirectory(args.lake())) {
        throw new IllegalArgumentException(
            "no lake at "
                + args.lake()
                + " (run bin/tglake demo or bin/tglake etl "
                + "first, or pass --enriched)");
      }
      WarmTrino warm = WarmTrino.forLake(args.lake(), env);
      WarmState server =
          warm.ensure(
              Path.of(System.getProperty("java.home"), "bin", "java"),
              System.getProperty("java.class.path"),
              args.idleTimeout(),
              Duration.ofMinutes(5),
              err);
      phases.mark("warm server found");
      // From here until this command is done the server counts as in use (idle clock restarts at
      // the end).
      try (AutoCloseable inUse = warm.keepAlive();
          Connection c = LocalTrino.connect(server.jdbcUrl(), args.database())) {
        // Checked every time: the ETL may have written days since the last command, and --tz may
        // differ.
        new TrinoLake(args.lake(), DdlRenderer.bundled())
            .registerIfChanged(
                c,
                args.database(),
                args.tz(),
                warm.dir().resolve("registered-" + args.database() + ".txt"));
        phases.mark("connected, tables checked");
        if (args.startOnly()) {
          out.println(server.jdbcUrl() + "/" + args.database());
          err.println(
              "Trino on 127.0.0.1:"
                  + server.port()
                  + " serves "
                  + args.lake()
                  + " (schema "
                  + args.database()
                  + "); stop it with: bin/tglake query --stop --enriched "
                  + args.lake());
          return ExitCode.OK;
        }
        TrinoQueryRunner runner = new TrinoQueryRunner(c);
        for (QueryLibrary.Query query : queries) {
          print(query, runner.run(args.parameters().bind(query.sql())), args, queries.size() > 1);
          phases.mark("query " + query.name());
        }
      }
      phases.mark("connection closed");
      return ExitCode.OK;
    } catch (IllegalArgumentException e) {
      // A bad value found only now (no such lake directory): a usage error too.
      err.println("tglake query: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (Exception e) {
      err.println("tglake query: failed: " + e.getMessage());
      return ExitCode.FAILED;
    }
  }

  private void print(QueryLibrary.Query query, QueryResult result, Args args, boolean heading) {
    if (heading) {
      out.println("== " + query.name() + " ==");
    }
    out.print(result.toTable());
    if (heading) {
      out.println();
    }
    err.printf(
        "query %s, %s .. %s, %s read %,d bytes%n",
        query.name(),
        args.parameters().from(),
        args.parameters().to(),
        args.athena() ? "Athena" : "Trino",
        result.bytesRead());
  }

  private QueryResult runOnAthena(String sql, Args args) {
    try (AthenaClient client = athenaClients.apply(args)) {
      return new AthenaQueryRunner(client, Duration.ofMillis(500), Duration.ofMinutes(30))
          .run(sql, new AthenaQueryRunner.Target(args.workgroup(), args.database(), args.output()));
    }
  }

  static AthenaClient athenaClient(Args args) {
    AthenaClientBuilder builder =
        AthenaClient.builder().httpClient(UrlConnectionHttpClient.create());
    args.region().map(Region::of).ifPresent(builder::region);
    return builder.build();
  }

  private boolean stopWarmServer(Path lake) {
    Optional<WarmState> stopped = WarmTrino.forLake(lake, env).stop();
    err.println(
        stopped
            .map(s -> "stopped Trino on 127.0.0.1:" + s.port() + " (pid " + s.trinoPid() + ")")
            .orElse("no Trino running for " + lake));
    return true;
  }
}
