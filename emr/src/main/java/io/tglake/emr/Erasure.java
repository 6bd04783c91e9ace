package io.tglake.emr;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One erasure request as {@code bin/tglake emr forget} submits it to the erasure job ({@value
 * ForgetRequests#MAIN_CLASS}).
 *
 * @param requestId the deletion request's id (a ticket number): names the audit record the job
 *     writes and the client token, so a resubmitted request is the same run
 * @param userIds Telegram user ids to erase, sorted and distinct (the order given must not change
 *     the token)
 * @param from first UTC day to search, or null with {@code to} null for every day of the lake
 * @param to last UTC day, inclusive, or null
 * @param jobDryRun run the job in its own {@code --dry-run} mode: it lists what would go and
 *     changes nothing
 * @param pseudonymKeySecretId for a lake the ETL writes with {@code --pseudonymize}: the key's
 *     Secrets Manager id, so the days the job rebuilds are pseudonymized as before (the job refuses
 *     such a day without it); null for a plain lake
 */
public record Erasure(
    String requestId,
    List<Long> userIds,
    LocalDate from,
    LocalDate to,
    boolean jobDryRun,
    String pseudonymKeySecretId) {

  /**
   * Letters, digits, {@code . _ -}; at most 64: it becomes part of object keys and of the run's
   * name.
   */
  public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * @throws IllegalArgumentException with a message naming the option at fault
   */
  public Erasure {
    Objects.requireNonNull(requestId, "requestId");
    if (!REQUEST_ID.matcher(requestId).matches()) {
      throw new IllegalArgumentException(
          "--request-id must be 1-64 letters, digits, '.', '_' or '-' starting with "
              + "a letter or digit, got '"
              + requestId
              + "'");
    }
    if (userIds == null || userIds.isEmpty()) {
      throw new IllegalArgumentException(
          "missing --user-id: give the Telegram user id of each person to erase");
    }
    for (Long id : userIds) {
      if (id == null || id <= 0) {
        throw new IllegalArgumentException(
            "--user-id must be a positive Telegram user id, got " + id);
      }
    }
    userIds = List.copyOf(new TreeSet<>(userIds));
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException(
          "--from and --to go together (neither = every day of the lake)");
    }
    if (from != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    if (pseudonymKeySecretId != null && pseudonymKeySecretId.isBlank()) {
      throw new IllegalArgumentException("--pseudonym-key-secret-id is blank");
    }
  }

  /** A request on a lake without pseudonymization. */
  public Erasure(
      String requestId, List<Long> userIds, LocalDate from, LocalDate to, boolean jobDryRun) {
    this(requestId, userIds, from, to, jobDryRun, null);
  }
}
