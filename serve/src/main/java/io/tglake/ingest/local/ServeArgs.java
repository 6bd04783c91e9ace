package io.tglake.ingest.local;

import io.tglake.ingest.IngestConfig;
import io.tglake.ingest.SourceCidrs;
import io.tglake.ingest.relay.RelaySettings;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Validated options of {@code bin/tglake serve} (parsed by {@link ServeCommand}).
 *
 * @param port TCP port (0 = any free port; the ready line prints the real one)
 * @param bind address to bind, default 127.0.0.1
 * @param raw raw target: a directory, or {@code s3://bucket[/prefix]}
 * @param secretToken the webhook secret token
 * @param allowedChatIds allow-list; empty = every chat
 * @param s3Endpoint S3-compatible endpoint for an s3:// target, or null (then AWS_ENDPOINT_URL_S3 /
 *     AWS_ENDPOINT_URL / real S3)
 * @param allowedSources source-IP allow-list matched against the socket peer; OFF = every source
 * @param limits connection / timeout bounds
 * @param relay relay mode (--relay-to) and Bot API pass-through (--allowed-bot-ids); off = passive
 */
public record ServeArgs(
    int port,
    String bind,
    String raw,
    String secretToken,
    Set<Long> allowedChatIds,
    URI s3Endpoint,
    SourceCidrs allowedSources,
    ServeLimits limits,
    RelaySettings relay) {

  public ServeArgs {
    relay = relay == null ? RelaySettings.off() : relay;
  }

  /** Passive collector: no relay, no pass-through. */
  public ServeArgs(
      int port,
      String bind,
      String raw,
      String secretToken,
      Set<Long> allowedChatIds,
      URI s3Endpoint,
      SourceCidrs allowedSources,
      ServeLimits limits) {
    this(
        port,
        bind,
        raw,
        secretToken,
        allowedChatIds,
        s3Endpoint,
        allowedSources,
        limits,
        RelaySettings.off());
  }

  /**
   * Parses options as {@code bin/tglake serve} does (picocli, {@link ServeCommand}); returns null
   * for --help.
   *
   * @param env environment consulted for defaults (TELEGRAM_SECRET_TOKEN, ALLOWED_CHAT_IDS,
   *     ALLOWED_SOURCE_CIDRS)
   * @throws picocli.CommandLine.ParameterException for bad options (the CLI prints it and exits 2)
   */
  static ServeArgs parse(String[] args, Map<String, String> env) {
    ServeCommand command = new ServeCommand(env, a -> 0);
    CommandLine line = ServeCommand.cli(command).commandLine();
    line.parseArgs(args);
    return line.isUsageHelpRequested() ? null : command.toArgs();
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

  @Override
  public String toString() {
    return "ServeArgs[port="
        + port
        + ", bind="
        + bind
        + ", raw="
        + raw
        + ", secretToken=***, allowedChatIds="
        + allowedChatIds
        + ", s3Endpoint="
        + s3Endpoint
        + ", allowedSources="
        + allowedSources
        + ", limits="
        + limits
        + ", relay="
        + relay
        + "]";
  }
}
