package io.tglake.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every key and prefix of the lake, defined once. Keys are relative: raw keys to the raw prefix
 * (default {@value #DEFAULT_RAW_PREFIX}), enriched keys to the enriched root, outgoing keys to the
 * bucket.
 *
 * <pre>
 * raw        &lt;raw prefix&gt;/context_date=D/&lt;update_id&gt;.json       D = UTC date the update was received
 * migrations &lt;raw prefix&gt;/_chat_migrations/&lt;new chat id&gt;         supergroup-migration markers of the ingest
 * outgoing   outgoing/context_date=D/&lt;record key&gt;.json
 * tables     &lt;enriched&gt;/&lt;table&gt;/context_date=D/part-*.parquet
 * quarantine &lt;enriched&gt;/_quarantine/context_date=D/
 * run report &lt;enriched&gt;/_runs/context_date=D/&lt;run id&gt;.json
 * lease      &lt;enriched&gt;/_runs/context_date=D/lease.json, take-over markers lease-takeover-&lt;run id&gt;.json beside it
 * erasures   &lt;enriched&gt;/_privacy/erasures/&lt;request id&gt;.json (.plan.json, /days/D.json while running)
 * </pre>
 *
 * <p>{@code context_date} is the UTC arrival day so that one ETL day reads exactly one raw
 * partition; the same name is the partition column of every enriched table (Hive-style {@code
 * column=value} folders).
 */
public final class LakeLayout {

  /** Raw prefix when none is configured. */
  public static final String DEFAULT_RAW_PREFIX = "telegram";

  /**
   * Folder of the enriched layer in the lake bucket when deployed ({@code s3://<lake
   * bucket>/enriched}).
   */
  public static final String DEFAULT_ENRICHED_PREFIX = "enriched";

  /**
   * Raw folder (under the raw prefix, outside every day) of the ingest's supergroup-migration
   * markers.
   */
  public static final String CHAT_MIGRATIONS_PREFIX = "_chat_migrations/";

  /** Prefix of the bot's outgoing records, beside the raw prefix, same day partitioning. */
  public static final String DEFAULT_OUTGOING_PREFIX = "outgoing";

  /** Partition column of every enriched table and name of the day folders of every layer. */
  public static final String PARTITION_COLUMN = "context_date";

  /** What every day folder's name starts with: list this prefix to see every day of a layer. */
  public static final String ANY_DAY_PREFIX = PARTITION_COLUMN + "=";

  /**
   * Enriched folder of the objects the ETL could not read (not JSON, not an object, no integer
   * update_id).
   */
  public static final String QUARANTINE_DIR = "_quarantine";

  /**
   * Enriched folder of the outgoing records (what the bot said) that are not valid records, per
   * day.
   */
  public static final String OUTGOING_QUARANTINE_DIR = "_quarantine_outgoing";

  /** Enriched folder of run reports and day leases. */
  public static final String RUNS_DIR = "_runs";

  /** Enriched folder of erasure records; not day-partitioned, kept by retention. */
  public static final String PRIVACY_DIR = "_privacy";

  /** Prefix of the erasure records. */
  public static final String ERASURES_PREFIX = PRIVACY_DIR + "/erasures/";

  /** Name of a day's lease object in {@link #RUNS_DIR}. */
  public static final String LEASE_NAME = "lease.json";

  /** What the name of every range run's staging folder starts with ({@link #rangeStagingDir}). */
  public static final String RANGE_STAGING_PREFIX = ".tglake-staging-";

  /**
   * A range run's staging folder inside a table folder, beside the day partitions: hidden (a
   * leading '.'), so Spark, Athena and Trino never read it as data. Its name says the first and the
   * last day staged and the run, so that a later run can tell whether the run that staged it still
   * holds any of those days' leases ({@link #parseRangeStagingDir}): {@code
   * .tglake-staging-<first>_<last>-<run id>}.
   */
  public static String rangeStagingDir(String runId, LocalDate first, LocalDate last) {
    return RANGE_STAGING_PREFIX + first + "_" + last + "-" + runId;
  }

  /** A range staging folder's name, split ({@link #rangeStagingDir}). */
  public record RangeStaging(LocalDate first, LocalDate last, String runId) {}

  /**
   * The days and run of a {@link #rangeStagingDir} name; empty for any other name, impossible dates
   * or a last day before the first.
   */
  public static Optional<RangeStaging> parseRangeStagingDir(String name) {
    Matcher m = RANGE_STAGING.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<LocalDate> first = date(m.group(1));
    Optional<LocalDate> last = date(m.group(2));
    if (first.isEmpty() || last.isEmpty() || last.get().isBefore(first.get())) {
      return Optional.empty();
    }
    return Optional.of(new RangeStaging(first.get(), last.get(), m.group(3)));
  }

  /** File name of a raw day's {@link #rawArrivalsKey}. */
  public static final String ARRIVALS_NAME = "_arrivals.json";

  private static final Pattern DAY_DIR =
      Pattern.compile(Pattern.quote(ANY_DAY_PREFIX) + "(\\d{4}-\\d{2}-\\d{2})");
  private static final Pattern DAY_KEY = Pattern.compile(DAY_DIR.pattern() + "/([^/]+)");
  private static final Pattern RANGE_STAGING =
      Pattern.compile(
          Pattern.quote(RANGE_STAGING_PREFIX)
              + "(\\d{4}-\\d{2}-\\d{2})_(\\d{4}-\\d{2}-\\d{2})-([^/]+)");

  private LakeLayout() {}

  /** A key below a day folder, split: {@code context_date=D/<name>}. */
  public record DayKey(LocalDate day, String name) {}

  /** The UTC day an update received at {@code receivedAt} belongs to. */
  public static LocalDate arrivalDay(Instant receivedAt) {
    return LocalDate.ofInstant(receivedAt, ZoneOffset.UTC);
  }

  /** Day folder name: {@code context_date=D}. */
  public static String dayDir(LocalDate day) {
    return ANY_DAY_PREFIX + day;
  }

  /** Day folder as a key prefix: {@code context_date=D/}. */
  public static String dayPrefix(LocalDate day) {
    return dayDir(day) + "/";
  }

  /**
   * The day of a folder name {@code context_date=YYYY-MM-DD}; empty for any other name or an
   * impossible date.
   */
  public static Optional<LocalDate> parseDayDir(String name) {
    Matcher m = DAY_DIR.matcher(name);
    return m.matches() ? date(m.group(1)) : Optional.empty();
  }

  /**
   * A key exactly one level below a day folder ({@code context_date=D/<name>}), split; empty
   * otherwise.
   */
  public static Optional<DayKey> parseDayKey(String key) {
    Matcher m = DAY_KEY.matcher(key);
    return m.matches() ? date(m.group(1)).map(d -> new DayKey(d, m.group(2))) : Optional.empty();
  }

  /** Raw key of an update, relative to the raw prefix: {@code context_date=D/<update_id>.json}. */
  public static String rawKey(LocalDate day, long updateId) {
    return dayPrefix(day) + updateId + ".json";
  }

  /** Raw key of an update received at {@code receivedAt} (its UTC day). */
  public static String rawKey(Instant receivedAt, long updateId) {
    return rawKey(arrivalDay(receivedAt), updateId);
  }

  /**
   * Arrival times of the raw objects of a day that an erasure rewrote (key → epoch milliseconds of
   * the original object), relative to the raw prefix: {@code context_date=D/_arrivals.json}. A
   * rewrite gives an object a new last-modified time; the ETL reads {@code received_at} from here
   * for those keys. Hidden name: not an update.
   */
  public static String rawArrivalsKey(LocalDate day) {
    return dayPrefix(day) + ARRIVALS_NAME;
  }

  /**
   * The migration marker of a supergroup, relative to the raw prefix: {@code _chat_migrations/<new
   * chat id>}.
   */
  public static String chatMigrationKey(long newChatId) {
    return CHAT_MIGRATIONS_PREFIX + newChatId;
  }

  /** A table's day partition, relative to the enriched root: {@code <table>/context_date=D/}. */
  public static String tablePrefix(String table, LocalDate day) {
    return table + "/" + dayPrefix(day);
  }

  /** A day's quarantine: {@code _quarantine/context_date=D/}. */
  public static String quarantinePrefix(LocalDate day) {
    return tablePrefix(QUARANTINE_DIR, day);
  }

  /** A day's run reports and lease: {@code _runs/context_date=D/}. */
  public static String runsPrefix(LocalDate day) {
    return tablePrefix(RUNS_DIR, day);
  }

  /** The report of one run of a day: {@code _runs/context_date=D/<run id>.json}. */
  public static String runReportKey(LocalDate day, String runId) {
    return runsPrefix(day) + runId + ".json";
  }

  /** The lease of a day: {@code _runs/context_date=D/lease.json}. */
  public static String leaseKey(LocalDate day) {
    return runsPrefix(day) + LEASE_NAME;
  }

  /**
   * The take-over marker of a stale lease: {@code _runs/context_date=D/lease-takeover-<stale run
   * id>.json}, the run id reduced to characters safe in any object store.
   */
  public static String takeoverKey(LocalDate day, String staleRunId) {
    return runsPrefix(day)
        + "lease-takeover-"
        + staleRunId.replaceAll("[^A-Za-z0-9._-]", "_")
        + ".json";
  }

  /** The audit record of a completed erasure: {@code _privacy/erasures/<id>.json}. */
  public static String erasureAuditKey(String requestId) {
    return ERASURES_PREFIX + requestId + ".json";
  }

  /**
   * The plan of an erasure, written before anything is deleted: {@code
   * _privacy/erasures/<id>.plan.json}.
   */
  public static String erasurePlanKey(String requestId) {
    return ERASURES_PREFIX + requestId + ".plan.json";
  }

  /** An erasure's progress on one day: {@code _privacy/erasures/<id>/days/D.json}. */
  public static String erasureDayKey(String requestId, LocalDate day) {
    return ERASURES_PREFIX + requestId + "/days/" + day + ".json";
  }

  /**
   * An outgoing record under the default prefix: {@code outgoing/context_date=D/<record key>.json}.
   */
  public static String outgoingKey(LocalDate day, String recordKey) {
    return under(DEFAULT_OUTGOING_PREFIX, dayPrefix(day) + recordKey + ".json");
  }

  /**
   * {@code key} below {@code prefix}: the prefix without surrounding slashes, then {@code /}, then
   * the key; a blank prefix leaves the key as it is (a bucket whose raw layer is the bucket root).
   */
  public static String under(String prefix, String key) {
    String p = trimSlashes(prefix);
    return p.isEmpty() ? key : p + "/" + key;
  }

  /** {@code " /telegram/"} → {@code "telegram"}; {@code null} → {@code ""}. */
  public static String trimSlashes(String prefix) {
    if (prefix == null) {
      return "";
    }
    prefix = prefix.strip();
    int from = 0;
    int to = prefix.length();
    while (from < to && prefix.charAt(from) == '/') {
      from++;
    }
    while (to > from && prefix.charAt(to - 1) == '/') {
      to--;
    }
    return prefix.substring(from, to);
  }

  private static Optional<LocalDate> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
