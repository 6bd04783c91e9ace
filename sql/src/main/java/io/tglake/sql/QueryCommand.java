package io.tglake.sql;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.contract.DdlRenderer;
import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.TrinoLake;
import io.tglake.sql.trino.TrinoQueryRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/**
 * {@code bin/tglake query}: runs a query of {@code sql/queries} on the local lake through a local Trino
 * server, or on Athena, and prints an aligned table. Options: {@link QueryOptions} ({@code --help}).
 */
public final class QueryCommand {

  /** Parsed options. */
  record Args(String query, QueryParameters parameters, Path lake, String tz, boolean athena,
      String workgroup, String database, Optional<String> output, Optional<String> region,
      boolean keepTrino, boolean stopTrino, boolean list, boolean createView) {}

  /** Bad command line (exit 2). */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> env;
  private final Function<Args, AthenaClient> athenaClients;
  private final PrintStream out;
  private final PrintStream err;

  QueryCommand(Map<String, String> env, Function<Args, AthenaClient> athenaClients, PrintStream out,
      PrintStream err) {
    this.env = env;
    this.athenaClients = athenaClients;
    this.out = out;
    this.err = err;
  }

  /** Entry point of {@code bin/tglake query}. */
  public static void main(String[] argv) {
    // One short line per log record on stderr instead of java.util.logging's two-line default.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
    }
    QueryCommand command = new QueryCommand(System.getenv(), QueryCommand::athenaClient, System.out, System.err);
    System.exit(command.run(argv, Clock.systemUTC()));
  }

  int run(String[] argv, Clock clock) {
    return Cli.of(QueryOptions.commandLine(clock, this::execute)).out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true)).execute(argv);
  }

  /**
   * Parses {@code argv} without running anything (the same options and checks as {@link #run}).
   *
   * @return the options, or null for {@code --help}
   */
  static Args parse(String[] argv, Clock clock) throws UsageException {
    CommandLine line = Cli.of(QueryOptions.commandLine(clock, a -> ExitCode.OK)).commandLine();
    try {
      ParseResult result = line.parseArgs(argv);
      return result.isUsageHelpRequested() ? null : ((QueryOptions) line.getCommand()).toArgs();
    } catch (ParameterException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Runs parsed options: list, stop a kept server, create the Athena view, or run one query. */
  private int execute(Args args) {
    try {
      QueryLibrary library = QueryLibrary.located();
      if (args.list()) {
        out.println(library.describe());
        return ExitCode.OK;
      }
      if (args.stopTrino()) {
        return stopKeptServer(args.lake()) ? ExitCode.OK : ExitCode.FAILED;
      }
      if (args.createView()) {
        DdlRenderer.DdlFile view = DdlRenderer.bundled().stream()
            .filter(f -> f.name().equals("60_messages_local.sql")).findFirst()
            .orElseThrow(() -> new IllegalStateException("60_messages_local.sql is not packaged"));
        String sql = TrinoLake.statement(DdlRenderer.render(view.text(),
            Map.of("DATABASE", args.database(), "LOCAL_TZ", args.tz())));
        runOnAthena(sql, args);
        err.println("created view " + args.database() + ".messages_local (zone " + args.tz() + ")");
        return ExitCode.OK;
      }
      QueryLibrary.Query query;
      try {
        query = library.load(args.query());
      } catch (IllegalArgumentException e) {
        err.println("tglake query: " + e.getMessage());
        return ExitCode.USAGE;
      }
      String sql = args.parameters().bind(query.sql());
      QueryResult result = args.athena() ? runOnAthena(sql, args) : runLocally(sql, args);
      out.print(result.toTable());
      err.printf("query %s, %s .. %s, %s read %,d bytes%n", query.name(), args.parameters().from(),
          args.parameters().to(), args.athena() ? "Athena" : "Trino", result.bytesRead());
      return ExitCode.OK;
    } catch (IllegalArgumentException e) {
      // A bad value found only now (no such lake directory): a usage error too.
      err.println("tglake query: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (RuntimeException | SQLException e) {
      err.println("tglake query: failed: " + e.getMessage());
      return ExitCode.FAILED;
    }
  }

  private QueryResult runOnAthena(String sql, Args args) {
    try (AthenaClient client = athenaClients.apply(args)) {
      return new AthenaQueryRunner(client, Duration.ofMillis(500), Duration.ofMinutes(30))
          .run(sql, new AthenaQueryRunner.Target(args.workgroup(), args.database(), args.output()));
    }
  }

  static AthenaClient athenaClient(Args args) {
    AthenaClientBuilder builder = AthenaClient.builder().httpClient(UrlConnectionHttpClient.create());
    args.region().map(Region::of).ifPresent(builder::region);
    return builder.build();
  }

  private QueryResult runLocally(String sql, Args args) throws SQLException {
    if (!Files.isDirectory(args.lake())) {
      throw new IllegalArgumentException("no lake at " + args.lake() + " (run bin/tglake demo or bin/tglake etl "
          + "first, or pass --enriched)");
    }
    Path runDir = runDir(args.lake());
    Optional<String> reused = keptServer(runDir, args.lake());
    LocalTrino started = null;
    String url;
    if (reused.isPresent()) {
      url = reused.get();
    } else {
      err.println("starting Trino " + LocalTrino.VERSION + " over " + args.lake() + " ...");
      started = LocalTrino.start(LocalTrino.installation(env), LocalTrino.findJavaHome(env), args.lake(), runDir,
          Duration.ofMinutes(3));
      url = started.jdbcUrl();
      if (args.keepTrino()) {
        writeState(runDir, started, args.lake());
        err.println("Trino left running on 127.0.0.1:" + started.port() + " (pid " + started.pid()
            + "); stop it with: bin/tglake query --stop-trino --enriched " + args.lake());
      }
    }
    try (Connection connection = LocalTrino.connect(url, args.database())) {
      new TrinoLake(args.lake(), DdlRenderer.bundled()).register(connection, args.database(), args.tz());
      return new TrinoQueryRunner(connection).run(sql);
    } finally {
      if (started != null && !args.keepTrino()) {
        started.close();
      }
    }
  }

  static Path runDir(Path lake) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(lake.toString().getBytes(StandardCharsets.UTF_8));
      return Path.of(System.getProperty("user.home"), ".cache", "tglake", "run",
          HexFormat.of().formatHex(digest, 0, 6));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void writeState(Path runDir, LocalTrino trino, Path lake) {
    Properties p = new Properties();
    p.setProperty("url", trino.jdbcUrl());
    p.setProperty("port", Integer.toString(trino.port()));
    p.setProperty("pid", Long.toString(trino.pid()));
    p.setProperty("lake", lake.toString());
    try (var w = Files.newBufferedWriter(runDir.resolve("server.properties"))) {
      p.store(w, "Trino kept running by bin/tglake query --keep-trino");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Properties> readState(Path runDir) {
    Path file = runDir.resolve("server.properties");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(file)) {
      p.load(r);
      return Optional.of(p);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** JDBC URL of a kept server for this lake that is still alive and answering. */
  private static Optional<String> keptServer(Path runDir, Path lake) {
    return readState(runDir).filter(p -> lake.toString().equals(p.getProperty("lake")))
        .filter(p -> trinoProcess(Long.parseLong(p.getProperty("pid", "-1"))).isPresent())
        .filter(p -> answers(Integer.parseInt(p.getProperty("port", "0"))))
        .map(p -> p.getProperty("url"));
  }

  /** The live process with this pid if it is a Trino server (a recycled pid must never be killed). */
  private static Optional<ProcessHandle> trinoProcess(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains("io.trino.server.TrinoServer")).orElse(false));
  }

  private static boolean answers(int port) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info")).timeout(Duration.ofSeconds(2))
              .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"starting\":false");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean stopKeptServer(Path lake) {
    Path runDir = runDir(lake);
    Optional<Properties> state = readState(runDir);
    if (state.isEmpty()) {
      err.println("no Trino kept running for " + lake);
      return true;
    }
    long pid = Long.parseLong(state.get().getProperty("pid", "-1"));
    trinoProcess(pid).ifPresent(ProcessHandle::destroy);
    try {
      Files.deleteIfExists(runDir.resolve("server.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    err.println("stopped Trino pid " + pid);
    return true;
  }
}
