package io.tglake.etl.erasure;

import io.tglake.etl.GateOptions;
import io.tglake.etl.JobArgs;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Typed options of {@link ForgetJob} (parsed by {@link ForgetCommand}).
 *
 * @param userIds the people to erase (Telegram user ids, positive)
 * @param raw raw root ({@link io.tglake.contract.LakeLayout#rawKey} below it), as for the ETL
 * @param enriched enriched root, as for the ETL
 * @param from first day to search (inclusive), empty = the first raw day present
 * @param to last day to search (inclusive), empty = the last raw day present
 * @param dryRun list what would go, change nothing
 * @param requestId names the audit record {@code <enriched>/_privacy/erasures/<request-id>.json}; a
 *     rerun with the same id resumes an interrupted erasure
 * @param s3Endpoint S3-compatible endpoint for s3a:// roots
 * @param pseudonymize the ETL's key options, needed to rebuild days of a pseudonymized lake
 * @param gate the ETL's gate and lease options for the rebuilds ({@code --max-bad-fraction}, {@code
 *     --max-rescued-fraction}, {@code --lease-wait})
 * @param outgoing the outgoing records' root (what the bot said), as the ETL's {@code --outgoing};
 *     empty = the ETL's default beside {@code raw}
 */
public record ForgetArgs(
    Set<Long> userIds,
    String raw,
    String enriched,
    Optional<LocalDate> from,
    Optional<LocalDate> to,
    boolean dryRun,
    String requestId,
    Optional<String> s3Endpoint,
    Optional<PseudonymizeOptions> pseudonymize,
    GateOptions.Values gate,
    Optional<String> outgoing) {

  /** The options with the ETL's gate and lease defaults and the default outgoing root. */
  public ForgetArgs(
      Set<Long> userIds,
      String raw,
      String enriched,
      Optional<LocalDate> from,
      Optional<LocalDate> to,
      boolean dryRun,
      String requestId,
      Optional<String> s3Endpoint,
      Optional<PseudonymizeOptions> pseudonymize) {
    this(
        userIds,
        raw,
        enriched,
        from,
        to,
        dryRun,
        requestId,
        s3Endpoint,
        pseudonymize,
        GateOptions.Values.DEFAULTS,
        Optional.empty());
  }

  /**
   * Where the outgoing records are ({@link io.tglake.etl.JobArgs#defaultOutgoing} unless given).
   */
  public String outgoingRoot() {
    return outgoing.orElseGet(() -> JobArgs.defaultOutgoing(raw));
  }

  public ForgetArgs {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(outgoing, "outgoing");
    userIds = Set.copyOf(new TreeSet<>(userIds));
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(enriched, "enriched");
    Objects.requireNonNull(requestId, "requestId");
    if (userIds.isEmpty()) {
      throw new IllegalArgumentException("at least one --user-id is required");
    }
    if (!requestId.matches("[A-Za-z0-9._-]{1,128}")) {
      throw new IllegalArgumentException(
          "--request-id may only use letters, digits, '.', '_' and '-': " + requestId);
    }
  }

  /** Sorted ids (stable output and audit). */
  public TreeSet<Long> sortedIds() {
    return new TreeSet<>(userIds);
  }

  /** Whether {@code day} is within --from/--to. */
  public boolean covers(LocalDate day) {
    return from.map(f -> !day.isBefore(f)).orElse(true)
        && to.map(t -> !day.isAfter(t)).orElse(true);
  }

  /**
   * The default request id: stable within a UTC day for the same people and range, so a rerun
   * resumes.
   */
  static String defaultRequestId(
      Set<Long> ids, Optional<LocalDate> from, Optional<LocalDate> to, Clock clock) {
    String basis =
        new TreeSet<>(ids)
            + "|"
            + from.map(Object::toString).orElse("")
            + "|"
            + to.map(Object::toString).orElse("");
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
      return "forget-"
          + LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString().replace("-", "")
          + "-"
          + HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ForgetArgs[users="
        + userIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(","))
        + ", request="
        + requestId
        + ", dryRun="
        + dryRun
        + "]";
  }
}
