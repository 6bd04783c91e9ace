package io.tglake.ingest.local;

import io.tglake.ingest.IngestConfig;
import io.tglake.ingest.SourceCidrs;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code bin/tglake serve}.
 *
 * @param port           TCP port (0 = any free port; the ready line prints the real one)
 * @param bind           address to bind, default 127.0.0.1
 * @param raw            raw target: a directory, or {@code s3://bucket[/prefix]}
 * @param secretToken    the webhook secret token
 * @param allowedChatIds allow-list; empty = every chat
 * @param s3Endpoint     S3-compatible endpoint for an s3:// target, or null (then AWS_ENDPOINT_URL_S3 /
 *                       AWS_ENDPOINT_URL / real S3)
 * @param allowedSources source-IP allow-list matched against the socket peer; OFF = every source
 * @param limits         connection / timeout bounds
 */
public record ServeArgs(int port, String bind, String raw, String secretToken, Set<Long> allowedChatIds,
    URI s3Endpoint, SourceCidrs allowedSources, ServeLimits limits) {

  static final String USAGE = """
      Usage: bin/tglake serve [options]
      Runs the webhook handler (same core as the Lambda) behind a local HTTP server.
      Telegram-compatible: POST the update JSON with header X-Telegram-Bot-Api-Secret-Token; any path is accepted.

        --port N                 port to listen on (default 8080; 0 = pick a free port)
        --bind ADDR              address to bind (default 127.0.0.1; 0.0.0.0 to expose, e.g. behind a tunnel)
        --raw DIR|s3://B/PREFIX  where raw updates go (default ./lake/raw)
        --secret-token T         webhook secret token (default: env TELEGRAM_SECRET_TOKEN; required)
        --allowed-chat-ids IDS   comma-separated chat ids to keep (default: env ALLOWED_CHAT_IDS, else all chats)
        --s3-endpoint URL        S3-compatible endpoint for an s3:// target (path-style addressing)
        --allowed-source-cidrs L comma-separated CIDRs allowed to call, matched against the TCP peer
                                 (default: env ALLOWED_SOURCE_CIDRS, else off; behind a tunnel the peer is the tunnel)
        --max-connections N      open connections at most (default 512)
        --timeout-seconds S      idle timeout per connection and deadline per request body (default 10)
        --help                   this text
      """;

  /** Thrown for bad options; the caller prints the message and exits 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses options; returns null for --help.
   *
   * @param env environment consulted for defaults (TELEGRAM_SECRET_TOKEN, ALLOWED_CHAT_IDS)
   */
  static ServeArgs parse(String[] args, Map<String, String> env) throws UsageException {
    int port = 8080;
    String bind = "127.0.0.1";
    String raw = "./lake/raw";
    String token = env.get(IngestConfig.TELEGRAM_SECRET_TOKEN);
    String chats = env.get(IngestConfig.ALLOWED_CHAT_IDS);
    String cidrs = env.get(IngestConfig.ALLOWED_SOURCE_CIDRS);
    URI endpoint = null;
    int maxConnections = ServeLimits.DEFAULTS.maxConnections();
    long timeoutSeconds = ServeLimits.DEFAULTS.idleTimeout().toSeconds();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
      String name = a;
      String value;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException("missing value for " + a);
        }
        value = args[++i];
      }
      switch (name) {
        case "--port" -> port = parsePort(value);
        case "--bind" -> bind = value;
        case "--raw" -> raw = value;
        case "--secret-token" -> token = value;
        case "--allowed-chat-ids" -> chats = value;
        case "--s3-endpoint" -> endpoint = parseEndpoint(value);
        case "--allowed-source-cidrs" -> cidrs = value;
        case "--max-connections" -> maxConnections = parsePositive(name, value, 100_000);
        case "--timeout-seconds" -> timeoutSeconds = parsePositive(name, value, 3600);
        default -> throw new UsageException("unknown option " + name);
      }
    }
    if (token == null || token.isBlank()) {
      throw new UsageException("--secret-token is required (or set TELEGRAM_SECRET_TOKEN)");
    }
    if (raw.isBlank()) {
      throw new UsageException("--raw must not be empty");
    }
    if (raw.startsWith("s3://") && raw.substring(5).isEmpty()) {
      throw new UsageException("--raw s3:// needs a bucket: s3://bucket/prefix");
    }
    Set<Long> allowed;
    try {
      allowed = IngestConfig.parseChatIds("--allowed-chat-ids", chats);
    } catch (IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
    SourceCidrs sources;
    try {
      sources = SourceCidrs.parse("--allowed-source-cidrs", cidrs);
    } catch (IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    return new ServeArgs(port, bind, raw, token, allowed, endpoint, sources,
        new ServeLimits(maxConnections, timeout, timeout, ServeLimits.DEFAULTS.maxThreads()));
  }

  private static int parsePositive(String name, String value, int max) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n < 1 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be 1.." + max + ", got '" + value + "'");
    }
  }

  /** Bucket of an s3:// target, else null. */
  String s3Bucket() {
    if (!raw.startsWith("s3://")) {
      return null;
    }
    String rest = raw.substring(5);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** Prefix of an s3:// target ("" for the bucket root). */
  String s3Prefix() {
    String rest = raw.substring(5);
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : IngestConfig.normalizePrefix(rest.substring(slash + 1));
  }

  private static int parsePort(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--port must be 0..65535, got '" + value + "'");
    }
  }

  private static URI parseEndpoint(String value) throws UsageException {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--s3-endpoint must be a URL like http://127.0.0.1:9000, got '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return "ServeArgs[port=" + port + ", bind=" + bind + ", raw=" + raw + ", secretToken=***, allowedChatIds="
        + allowedChatIds + ", s3Endpoint=" + s3Endpoint + ", allowedSources=" + allowedSources + ", limits=" + limits + "]";
  }
}
