package io.tglake.sql;

import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.TrinoLake;
import io.tglake.sql.trino.TrinoQueryRunner;
import java.io.IOException;
import java.io.PrintStream;
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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/**
 * {@code bin/tglake query}: runs a query of {@code sql/queries} on the local lake through a local Trino
 * server, or on Athena, and prints an aligned table. See {@link #USAGE}.
 */
public final class QueryCommand {

  static final String USAGE = """
      Usage: bin/tglake query <name|file.sql> [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [options]
             bin/tglake query --list

      Runs one query of sql/queries (by name, e.g. messages_per_day, or any .sql file using the
      :from_date/:to_date parameters) and prints the result as a table. Default day: yesterday (UTC).

      Local lake (default): starts a Trino %s server on 127.0.0.1 (JDK >= 24 needed: TRINO_JAVA_HOME,
      JAVA_HOME or /usr/lib/jvm), registers the tables of sql/ddl over the lake and runs the query.
        --lake DIR          enriched lake root (default ./lake/enriched)
        --tz ZONE           zone of the local-time view messages_local (default America/Sao_Paulo)
        --keep-trino        leave the server running; later calls on the same lake reuse it (faster)
        --stop-trino        stop a server left running for --lake, then exit

      Athena (deployed lake):
        --athena            run on Amazon Athena instead (AWS credentials/region from the usual chain)
        --workgroup NAME    Athena workgroup (required with --athena)
        --database NAME     Glue database (default tglake)
        --output S3_URI     query result location, if the workgroup does not enforce one
        --region REGION     AWS region (default: the SDK's chain, e.g. AWS_REGION)
        --create-view       (re)create the view messages_local (sql/ddl/60_messages_local.sql) in
                            --database with zone --tz (default America/Sao_Paulo), then exit; needed
                            once after deploying, before activity_hour_weekday_local

        --list              list the queries and the question each answers
        --help              this text

      Exit codes: 0 ok, 1 query or engine failed, 2 bad options.
      """.formatted(LocalTrino.VERSION);

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
    Args args;
    try {
      args = parse(argv, clock);
    } catch (UsageException e) {
      err.println("tglake query: " + e.getMessage() + " (see --help)");
      return 2;
    }
    if (args == null) {
      out.print(USAGE);
      return 0;
    }
    try {
      QueryLibrary library = QueryLibrary.located();
      if (args.list()) {
        out.println(library.describe());
        return 0;
      }
      if (args.stopTrino()) {
        return stopKeptServer(args.lake()) ? 0 : 1;
      }
      if (args.createView()) {
        DdlRenderer.DdlFile view = DdlRenderer.bundled().stream()
            .filter(f -> f.name().equals("60_messages_local.sql")).findFirst()
            .orElseThrow(() -> new IllegalStateException("60_messages_local.sql is not packaged"));
        String sql = TrinoLake.statement(DdlRenderer.render(view.text(),
            Map.of("DATABASE", args.database(), "LOCAL_TZ", args.tz())));
        runOnAthena(sql, args);
        err.println("created view " + args.database() + ".messages_local (zone " + args.tz() + ")");
        return 0;
      }
      QueryLibrary.Query query;
      try {
        query = library.load(args.query());
      } catch (IllegalArgumentException e) {
        err.println("tglake query: " + e.getMessage());
        return 2;
      }
      String sql = args.parameters().bind(query.sql());
      QueryResult result = args.athena() ? runOnAthena(sql, args) : runLocally(sql, args);
      out.print(result.toTable());
      err.printf("query %s, %s .. %s, %s read %,d bytes%n", query.name(), args.parameters().from(),
          args.parameters().to(), args.athena() ? "Athena" : "Trino", result.bytesRead());
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("tglake query: " + e.getMessage());
      return 2;
    } catch (RuntimeException | SQLException e) {
      err.println("tglake query: failed: " + e.getMessage());
      return 1;
    }
  }

  static Args parse(String[] argv, Clock clock) throws UsageException {
    String query = null;
    String date = null;
    String from = null;
    String to = null;
    String lake = "lake/enriched";
    String tz = null;
    boolean athena = false;
    String workgroup = null;
    String database = "tglake";
    String output = null;
    String region = null;
    boolean keep = false;
    boolean stop = false;
    boolean list = false;
    boolean createView = false;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      switch (a) {
        case "--help", "-h" -> {
          return null;
        }
        case "--date" -> date = value(argv, ++i, a);
        case "--from" -> from = value(argv, ++i, a);
        case "--to" -> to = value(argv, ++i, a);
        case "--lake" -> lake = value(argv, ++i, a);
        case "--tz" -> tz = value(argv, ++i, a);
        case "--athena" -> athena = true;
        case "--workgroup" -> workgroup = value(argv, ++i, a);
        case "--database" -> database = value(argv, ++i, a);
        case "--output" -> output = value(argv, ++i, a);
        case "--region" -> region = value(argv, ++i, a);
        case "--keep-trino" -> keep = true;
        case "--stop-trino" -> stop = true;
        case "--list" -> list = true;
        case "--create-view" -> createView = true;
        default -> {
          if (a.startsWith("-")) {
            throw new UsageException("unknown option " + a);
          }
          if (query != null) {
            throw new UsageException("one query at a time (got " + query + " and " + a + ")");
          }
          query = a;
        }
      }
    }
    if (createView && !athena) {
      throw new UsageException("--create-view is for Athena (--athena --workgroup W); locally the view is "
          + "created on every run");
    }
    if (query == null && !list && !stop && !createView) {
      throw new UsageException("which query? give a name (see --list) or a .sql file");
    }
    if (date != null && (from != null || to != null)) {
      throw new UsageException("use --date or --from/--to, not both");
    }
    if ((from == null) != (to == null)) {
      throw new UsageException("--from and --to go together");
    }
    LocalDate first;
    LocalDate last;
    if (date != null) {
      first = last = date("--date", date);
    } else if (from != null) {
      first = date("--from", from);
      last = date("--to", to);
      if (last.isBefore(first)) {
        throw new UsageException("--to " + last + " is before --from " + first);
      }
    } else {
      first = last = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
    }
    if (athena) {
      if (workgroup == null) {
        throw new UsageException("--athena needs --workgroup");
      }
      if (tz != null && !createView) {
        throw new UsageException("--tz applies to the local lake; on Athena the zone is the one the view "
            + "messages_local was created with (re-render sql/ddl/60_messages_local.sql with --local-tz)");
      }
      if (output != null && !output.startsWith("s3://")) {
        throw new UsageException("--output must be an s3:// URI, got " + output);
      }
    } else if (workgroup != null || output != null || region != null) {
      throw new UsageException("--workgroup/--output/--region need --athena");
    }
    String zone = tz == null ? DdlRenderer.DEFAULT_LOCAL_TZ : tz;
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new UsageException("--tz must be an IANA zone like America/Sao_Paulo, got " + zone);
    }
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new UsageException("--database must match [a-z_][a-z0-9_]*, got " + database);
    }
    return new Args(query, new QueryParameters(first, last), Path.of(lake).toAbsolutePath().normalize(), zone,
        athena, workgroup, database, Optional.ofNullable(output), Optional.ofNullable(region), keep, stop, list,
        createView);
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
          + "first, or pass --lake)");
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
            + "); stop it with: bin/tglake query --stop-trino --lake " + args.lake());
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

  private static LocalDate date(String option, String value) throws UsageException {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(option + " must be a date YYYY-MM-DD, got " + value);
    }
  }

  private static String value(String[] argv, int i, String option) throws UsageException {
    if (i >= argv.length || argv[i].startsWith("--")) {
      throw new UsageException("option " + option + " needs a value");
    }
    return argv[i];
  }
}
