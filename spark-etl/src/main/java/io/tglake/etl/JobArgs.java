package io.tglake.etl;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed options of {@link TelegramEtlJob}: where the raw partitions are, where the enriched tables go,
 * which UTC days to process and the data-quality knobs.
 *
 * <p>Build it from the command line with {@link #parse(String[], Clock)}, or from Java with
 * {@link #forDay(String, String, LocalDate)} / {@link #forRange(String, String, LocalDate, LocalDate)}
 * and the {@code with*} methods.
 *
 * @param raw folder that contains the {@code context_date=YYYY-MM-DD/} partitions (path, file://, s3a://, s3://)
 * @param enriched root of the enriched tables ({@code <enriched>/<table>/context_date=D/})
 * @param from first UTC day to process (inclusive)
 * @param to last UTC day to process (inclusive), never before {@code from}
 * @param s3Endpoint S3-compatible endpoint for s3a:// URIs (path-style access), empty for real S3
 * @param maxBadFraction a day fails when quarantined objects / objects read exceeds this (0..1)
 * @param dedupLookbackDays how many previous raw days are listed to drop redeliveries that crossed midnight
 */
public record JobArgs(
    String raw,
    String enriched,
    LocalDate from,
    LocalDate to,
    Optional<String> s3Endpoint,
    double maxBadFraction,
    int dedupLookbackDays) {

  /** Default for {@code --max-bad-fraction}. */
  public static final double DEFAULT_MAX_BAD_FRACTION = 0.05;
  /** Default for {@code --dedup-lookback-days}. */
  public static final int DEFAULT_DEDUP_LOOKBACK_DAYS = 1;

  public static final String USAGE = """
      Usage: bin/tglake etl --raw URI --enriched URI [day selection] [options]

      Runs the Telegram ETL for one UTC day or a range of days: reads raw partition
      <raw>/context_date=D/, writes <enriched>/<table>/context_date=D/ for the tables messages,
      message_entities, callback_queries, chat_member_updates and updates (dynamic partition overwrite:
      a rerun replaces exactly that day), quarantines bad objects and writes a run report.

      Day selection (at most one; default: yesterday UTC):
        --date YYYY-MM-DD               one day
        --from YYYY-MM-DD --to YYYY-MM-DD
                                        backfill, inclusive, one day at a time; failed days are reported
                                        and the remaining days still run (rerunning a range is safe)
        --scheduled-time ISO-INSTANT    scheduler fire time; processes the UTC day before it

      Options:
        --raw URI                       folder holding context_date=... partitions (path, file://, s3a://, s3://)
        --enriched URI                  enriched lake root
        --s3-endpoint URL               S3-compatible endpoint for s3a:// (path-style; credentials from
                                        AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the default chain)
        --max-bad-fraction F            fail a day if quarantined/read > F (default 0.05)
        --dedup-lookback-days N         previous raw days checked for redeliveries (default 1, 0 = off)
        --help                          this text

      Exit codes: 0 all days succeeded (missing/empty days count as success), 1 a day failed, 2 bad options.
      """;

  private static final java.util.Set<String> OPTIONS = java.util.Set.of("--raw", "--enriched", "--date",
      "--from", "--to", "--scheduled-time", "--s3-endpoint", "--max-bad-fraction", "--dedup-lookback-days");

  public JobArgs {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(enriched, "enriched");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(s3Endpoint, "s3Endpoint");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    if (!(maxBadFraction >= 0 && maxBadFraction <= 1)) {
      throw new IllegalArgumentException("--max-bad-fraction must be between 0 and 1, got " + maxBadFraction);
    }
    if (dedupLookbackDays < 0) {
      throw new IllegalArgumentException("--dedup-lookback-days must be >= 0, got " + dedupLookbackDays);
    }
  }

  /** One day with default options. */
  public static JobArgs forDay(String raw, String enriched, LocalDate day) {
    return forRange(raw, enriched, day, day);
  }

  /** An inclusive range of days with default options. */
  public static JobArgs forRange(String raw, String enriched, LocalDate from, LocalDate to) {
    return new JobArgs(raw, enriched, from, to, Optional.empty(), DEFAULT_MAX_BAD_FRACTION,
        DEFAULT_DEDUP_LOOKBACK_DAYS);
  }

  /** Same options with an S3-compatible endpoint for s3a:// URIs. */
  public JobArgs withS3Endpoint(String endpoint) {
    return new JobArgs(raw, enriched, from, to, Optional.of(endpoint), maxBadFraction, dedupLookbackDays);
  }

  /** Same options with another bad-object threshold. */
  public JobArgs withMaxBadFraction(double fraction) {
    return new JobArgs(raw, enriched, from, to, s3Endpoint, fraction, dedupLookbackDays);
  }

  /** Same options with another redelivery lookback. */
  public JobArgs withDedupLookbackDays(int days) {
    return new JobArgs(raw, enriched, from, to, s3Endpoint, maxBadFraction, days);
  }

  /** The days to process, in order. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** Bad command line; the message is meant for the user (exit code 2). */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** Thrown by {@link #parse} for {@code --help}. */
  public static final class HelpRequested extends Exception {
    private static final long serialVersionUID = 1L;

    public HelpRequested() {
      super("help");
    }
  }

  /**
   * Parses the command line.
   *
   * @param clock gives "now" for the default day (yesterday, UTC)
   * @throws HelpRequested for {@code --help}
   * @throws UsageException for unknown/missing/conflicting options or malformed values
   */
  public static JobArgs parse(String[] args, Clock clock) throws UsageException, HelpRequested {
    String raw = null;
    String enriched = null;
    String date = null;
    String from = null;
    String to = null;
    String scheduled = null;
    String endpoint = null;
    String badFraction = null;
    String lookback = null;
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      if (opt.equals("--help") || opt.equals("-h")) {
        throw new HelpRequested();
      }
      String value;
      int eq = opt.indexOf('=');
      String name = opt.startsWith("--") && eq > 0 ? opt.substring(0, eq) : opt;
      if (!OPTIONS.contains(name)) {
        throw new UsageException("unknown option " + name);
      }
      if (opt.startsWith("--") && eq > 0) {
        value = opt.substring(eq + 1);
        opt = opt.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException("option " + opt + " needs a value");
        }
        value = args[++i];
      }
      switch (opt) {
        case "--raw" -> raw = value;
        case "--enriched" -> enriched = value;
        case "--date" -> date = value;
        case "--from" -> from = value;
        case "--to" -> to = value;
        case "--scheduled-time" -> scheduled = value;
        case "--s3-endpoint" -> endpoint = value;
        case "--max-bad-fraction" -> badFraction = value;
        case "--dedup-lookback-days" -> lookback = value;
        default -> throw new UsageException("unknown option " + opt);
      }
    }
    if (raw == null || raw.isBlank()) {
      throw new UsageException("--raw is required");
    }
    if (enriched == null || enriched.isBlank()) {
      throw new UsageException("--enriched is required");
    }
    int selections = (date != null ? 1 : 0) + (from != null || to != null ? 1 : 0) + (scheduled != null ? 1 : 0);
    if (selections > 1) {
      throw new UsageException("use only one of --date, --from/--to, --scheduled-time");
    }
    LocalDate first;
    LocalDate last;
    if (date != null) {
      first = last = parseDate("--date", date);
    } else if (from != null || to != null) {
      if (from == null || to == null) {
        throw new UsageException("--from and --to go together");
      }
      first = parseDate("--from", from);
      last = parseDate("--to", to);
      if (last.isBefore(first)) {
        throw new UsageException("--to " + last + " is before --from " + first);
      }
    } else if (scheduled != null) {
      Instant fire;
      try {
        fire = Instant.parse(scheduled);
      } catch (DateTimeParseException e) {
        throw new UsageException("--scheduled-time must be an ISO-8601 instant like 2026-11-23T03:00:00Z, got "
            + scheduled);
      }
      first = last = LocalDate.ofInstant(fire, ZoneOffset.UTC).minusDays(1);
    } else {
      first = last = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
    }
    double fraction = DEFAULT_MAX_BAD_FRACTION;
    if (badFraction != null) {
      try {
        fraction = Double.parseDouble(badFraction);
      } catch (NumberFormatException e) {
        throw new UsageException("--max-bad-fraction must be a number between 0 and 1, got " + badFraction);
      }
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new UsageException("--max-bad-fraction must be between 0 and 1, got " + badFraction);
      }
    }
    int days = DEFAULT_DEDUP_LOOKBACK_DAYS;
    if (lookback != null) {
      try {
        days = Integer.parseInt(lookback);
      } catch (NumberFormatException e) {
        throw new UsageException("--dedup-lookback-days must be a whole number >= 0, got " + lookback);
      }
      if (days < 0) {
        throw new UsageException("--dedup-lookback-days must be >= 0, got " + lookback);
      }
    }
    return new JobArgs(raw, enriched, first, last, Optional.ofNullable(endpoint), fraction, days);
  }

  private static LocalDate parseDate(String opt, String value) throws UsageException {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(opt + " must be a date YYYY-MM-DD, got " + value);
    }
  }
}
