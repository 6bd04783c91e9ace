package io.tglake.ingest.local;

import io.tglake.cli.Cli;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import io.tglake.ingest.IngestConfig;
import io.tglake.ingest.SourceCidrs;
import io.tglake.ingest.relay.RelaySettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of {@code bin/tglake serve}: picocli options that become a {@link ServeArgs}.
 * {@code --raw} and {@code --s3-endpoint} come from the shared {@link LakeOptions} mixin (its
 * {@code --enriched} is removed: serve writes only the raw layer). Token, allow-lists fall back to
 * the same environment variables as the Lambda. Only the local server uses this class; the Lambda
 * handler never loads picocli.
 */
@Command(
    name = "tglake serve",
    sortOptions = false,
    description = {
      "Runs the webhook handler (same core as the Lambda) behind a local HTTP server (embedded Jetty).",
      "Telegram-compatible: POST the update JSON with header X-Telegram-Bot-Api-Secret-Token; any path is "
          + "accepted (with --allowed-bot-ids, /bot<token>/<method> paths are the Bot API pass-through). Prints 'tglake serve: listening on <url> (raw: <where>)' when ready; one JSON log line "
          + "per request on stdout.",
      "--raw here: a directory or s3://bucket/prefix (default " + ServeCommand.DEFAULT_RAW + ")."
    },
    footer = {
      "",
      "Environment: TELEGRAM_SECRET_TOKEN, ALLOWED_CHAT_IDS, ALLOWED_SOURCE_CIDRS, BOT_WEBHOOK_URL, "
          + "BOT_ID, ALLOWED_BOT_IDS (defaults for the options above); BOT_WEBHOOK_SECRET (sent to the bot as its own "
          + "X-Telegram-Bot-Api-Secret-Token), RELAY_TIMEOUT_MS, OUTGOING_PREFIX; AWS_REGION, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and the default AWS credentials for "
          + "an s3:// target.",
      "Exit codes: 0 stopped (Ctrl-C) or --help, 1 failed to start, 2 bad options."
    })
final class ServeCommand implements Callable<Integer> {
  static final String DEFAULT_RAW = "./lake/raw";

  @Spec CommandSpec spec;

  @Mixin LakeOptions lake;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "port to listen on, 0 = any free port (default ${DEFAULT-VALUE})")
  int port = 8080;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description =
          "address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 to expose, e.g. behind a tunnel)")
  String bind = "127.0.0.1";

  @Option(
      names = "--secret-token",
      paramLabel = "T",
      description = "webhook secret token (default: env TELEGRAM_SECRET_TOKEN; required)")
  String secretToken;

  @Option(
      names = "--allowed-chat-ids",
      paramLabel = "IDS",
      description =
          "comma-separated chat ids to keep (default: env ALLOWED_CHAT_IDS, else every chat)")
  String allowedChatIds;

  @Option(
      names = "--allowed-source-cidrs",
      paramLabel = "CIDRS",
      description =
          "comma-separated IPv4/IPv6 CIDRs allowed to call, matched against the TCP peer (default: env "
              + "ALLOWED_SOURCE_CIDRS, else off; behind a tunnel the peer is the tunnel)")
  String allowedSourceCidrs;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "open connections at most (default ${DEFAULT-VALUE})")
  int maxConnections = ServeLimits.DEFAULTS.maxConnections();

  @Option(
      names = "--timeout-seconds",
      paramLabel = "S",
      description =
          "idle timeout per connection and deadline per request body (default ${DEFAULT-VALUE})")
  int timeoutSeconds = (int) ServeLimits.DEFAULTS.idleTimeout().toSeconds();

  @Option(
      names = "--relay-to",
      paramLabel = "URL",
      description =
          "relay mode: after storing, forward each update to the bot's own webhook URL and answer Telegram "
              + "with the bot's answer (default: env BOT_WEBHOOK_URL, else off)")
  String relayTo;

  @Option(
      names = "--bot-id",
      paramLabel = "ID",
      description =
          "the relayed bot's id (digits before ':' in its token), kept in webhook_response records "
              + "(default: env BOT_ID)")
  String botId;

  @Option(
      names = "--allowed-bot-ids",
      paramLabel = "IDS",
      description =
          "turns on the Bot API pass-through (/bot<token>/<method> -> api.telegram.org) for these bot ids "
              + "(default: env ALLOWED_BOT_IDS, else off)")
  String allowedBotIds;

  @Option(
      names = "--telegram-api-base-for-tests",
      paramLabel = "URL",
      hidden = true,
      description =
          "tests only: a local Bot API stand-in instead of https://api.telegram.org "
              + "(default: env TELEGRAM_API_BASE_FOR_TESTS)")
  String telegramApiBaseForTests;

  private final Map<String, String> env;
  private final ToIntFunction<ServeArgs> action;

  /**
   * @param env environment consulted for defaults
   * @param action runs the parsed arguments and returns the exit code
   */
  ServeCommand(Map<String, String> env, ToIntFunction<ServeArgs> action) {
    this.env = Objects.requireNonNull(env, "env");
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * The command line with the shared conventions (generated --help, exit codes) and without {@code
   * --enriched}.
   */
  static Cli cli(ServeCommand command) {
    Cli cli = Cli.of(command);
    CommandSpec spec = cli.commandLine().getCommandSpec();
    spec.remove(spec.findOption("--enriched"));
    return cli;
  }

  @Override
  public Integer call() {
    return action.applyAsInt(toArgs());
  }

  /**
   * The parsed and validated options.
   *
   * @throws CommandLine.ParameterException for a missing token or malformed values (exit 2)
   */
  ServeArgs toArgs() {
    if (port < 0 || port > 65535) {
      throw Usage.error(spec, "--port must be 0..65535, got " + port);
    }
    String token = firstNonBlank(secretToken, env.get(IngestConfig.TELEGRAM_SECRET_TOKEN));
    if (token == null) {
      throw Usage.error(
          spec, "--secret-token is required (or set " + IngestConfig.TELEGRAM_SECRET_TOKEN + ")");
    }
    String raw = lake.raw().orElse(DEFAULT_RAW);
    if (raw.startsWith("s3://") && raw.substring(5).isEmpty()) {
      throw Usage.error(spec, "--raw s3:// needs a bucket: s3://bucket/prefix");
    }
    if (maxConnections < 1 || maxConnections > 100_000) {
      throw Usage.error(spec, "--max-connections must be 1..100000, got " + maxConnections);
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw Usage.error(spec, "--timeout-seconds must be 1..3600, got " + timeoutSeconds);
    }
    Set<Long> chats;
    SourceCidrs sources;
    try {
      chats =
          IngestConfig.parseChatIds(
              "--allowed-chat-ids",
              allowedChatIds != null ? allowedChatIds : env.get(IngestConfig.ALLOWED_CHAT_IDS));
      sources =
          SourceCidrs.parse(
              "--allowed-source-cidrs",
              allowedSourceCidrs != null
                  ? allowedSourceCidrs
                  : env.get(IngestConfig.ALLOWED_SOURCE_CIDRS));
    } catch (IllegalStateException e) {
      throw Usage.error(spec, e.getMessage());
    }
    URI endpoint = lake.s3Endpoint().map(this::endpoint).orElse(null);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    return new ServeArgs(
        port,
        bind,
        raw,
        token,
        chats,
        endpoint,
        sources,
        new ServeLimits(maxConnections, timeout, timeout, ServeLimits.DEFAULTS.maxThreads()),
        relaySettings());
  }

  /**
   * The Lambda's relay variables, options first (same parsing and validation as the Lambda's cold
   * start).
   */
  private RelaySettings relaySettings() {
    Map<String, String> merged = new HashMap<>(env);
    putIfSet(merged, RelaySettings.BOT_WEBHOOK_URL, relayTo);
    putIfSet(merged, RelaySettings.BOT_ID, botId);
    putIfSet(merged, RelaySettings.ALLOWED_BOT_IDS, allowedBotIds);
    putIfSet(merged, RelaySettings.TELEGRAM_API_BASE_FOR_TESTS, telegramApiBaseForTests);
    try {
      return RelaySettings.fromEnvironment(merged);
    } catch (IllegalStateException e) {
      throw Usage.error(spec, e.getMessage());
    }
  }

  private static void putIfSet(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }

  private URI endpoint(String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw Usage.error(
          spec, "--s3-endpoint must be a URL like http://127.0.0.1:9000, got '" + value + "'");
    }
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
