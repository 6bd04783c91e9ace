package io.tglake.etl;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed options of {@link TelegramEtlJob}: where the raw partitions are, where the enriched tables
 * go, which UTC days to process and the data-quality knobs.
 *
 * <p>The command line builds it through {@code EtlCommand}; Java callers start from {@link
 * #forDay(String, String, LocalDate)} / {@link #forRange(String, String, LocalDate, LocalDate)} and
 * the {@code with*} methods.
 *
 * @param raw folder that contains the day partitions ({@link LakeLayout#dayPrefix}; path, file://,
 *     s3a://, s3://)
 * @param enriched root of the enriched tables ({@code <enriched>/}{@link LakeLayout#tablePrefix})
 * @param from first UTC day to process (inclusive)
 * @param to last UTC day to process (inclusive), never before {@code from}
 * @param s3Endpoint S3-compatible endpoint for s3a:// URIs (path-style access), empty for real S3
 * @param maxBadFraction a day fails when quarantined objects / objects read exceeds this (0..1)
 * @param dedupLookbackDays how many previous raw days are listed to drop redeliveries that crossed
 *     midnight
 * @param pseudonymize present = write pseudonymized tables (keyed-hash ids, no names, masked
 *     identifiers)
 * @param safety rescued-object threshold and day-lease settings
 * @param readConcurrency raw objects fetched concurrently per Spark task (GETs in flight on S3)
 * @param outgoing folder of the outgoing records' {@link LakeLayout#dayPrefix} partitions; empty =
 *     the default, {@link #outgoingRoot()}
 * @param runKind why the run happens (the {@code RunKind} metric dimension the alarms filter on)
 * @param chunkDays a range is processed in passes of at most this many days ({@code --chunk-days};
 *     each pass reads its days together and holds them in memory, so this bounds a long backfill's
 *     memory)
 */
public record JobArgs(
    String raw,
    String enriched,
    LocalDate from,
    LocalDate to,
    Optional<String> s3Endpoint,
    double maxBadFraction,
    int dedupLookbackDays,
    Optional<PseudonymizeOptions> pseudonymize,
    SafetyOptions safety,
    int readConcurrency,
    Optional<String> outgoing,
    RunKind runKind,
    int chunkDays) {

  /** Default for {@code --max-bad-fraction}. */
  public static final double DEFAULT_MAX_BAD_FRACTION = 0.05;

  /**
   * Default for {@code --chunk-days}: a month per pass. A pass's fixed cost (planning, inference,
   * one write per table) is paid once per chunk instead of once per day, and a month of days the
   * size of one busy day fits the heap.
   */
  public static final int DEFAULT_CHUNK_DAYS = 31;

  /** Default for {@code --dedup-lookback-days}. */
  public static final int DEFAULT_DEDUP_LOOKBACK_DAYS = 1;

  /**
   * Default for {@code --read-concurrency}: at 10–30 ms per GET, 64 in flight per task keep a core
   * busy while a few tasks stay well under S3's 5,500 GET/s per prefix.
   */
  public static final int DEFAULT_READ_CONCURRENCY = 64;

  /** The options with the default read concurrency. */
  public JobArgs(
      String raw,
      String enriched,
      LocalDate from,
      LocalDate to,
      Optional<String> s3Endpoint,
      double maxBadFraction,
      int dedupLookbackDays,
      Optional<PseudonymizeOptions> pseudonymize,
      SafetyOptions safety) {
    this(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        DEFAULT_READ_CONCURRENCY);
  }

  /**
   * The options with the default outgoing folder ({@link #outgoingRoot()}) and the run kind the
   * days imply ({@link RunKind#implied}: backfill for a range, else manual).
   */
  public JobArgs(
      String raw,
      String enriched,
      LocalDate from,
      LocalDate to,
      Optional<String> s3Endpoint,
      double maxBadFraction,
      int dedupLookbackDays,
      Optional<PseudonymizeOptions> pseudonymize,
      SafetyOptions safety,
      int readConcurrency) {
    this(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        Optional.empty(),
        RunKind.implied(false, to != null && !to.equals(from)));
  }

  /** Same options reading the outgoing records from {@code uri}. */
  public JobArgs withOutgoing(String uri) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        Optional.of(uri),
        runKind,
        chunkDays);
  }

  /**
   * Where the outgoing records are: {@code --outgoing}, else the folder {@code outgoing} beside
   * {@code --raw} ({@code s3://b/telegram} → {@code s3://b/outgoing}, {@code ./lake/raw} → {@code
   * ./lake/outgoing}); a raw root without a parent folder (a bucket root) gets {@code
   * <raw>/outgoing}.
   */
  public String outgoingRoot() {
    return outgoing.orElseGet(() -> defaultOutgoing(raw));
  }

  /** {@link #outgoingRoot()}'s default for a raw root. */
  public static String defaultOutgoing(String raw) {
    String r = raw;
    while (r.endsWith("/") && r.length() > 1) {
      r = r.substring(0, r.length() - 1);
    }
    int scheme = r.indexOf("://");
    int bucketEnd = scheme < 0 ? -1 : r.indexOf('/', scheme + 3);
    int slash = r.lastIndexOf('/');
    if (scheme >= 0 && (bucketEnd < 0 || slash <= scheme + 2)) {
      return r + "/outgoing";
    }
    if (slash < 0) {
      return LakeLayout.DEFAULT_OUTGOING_PREFIX;
    }
    return r.substring(0, slash + 1) + LakeLayout.DEFAULT_OUTGOING_PREFIX;
  }

  /** Same options with another run kind. */
  public JobArgs withRunKind(RunKind kind) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        outgoing,
        kind,
        chunkDays);
  }

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
      throw new IllegalArgumentException(
          "--max-bad-fraction must be between 0 and 1, got " + maxBadFraction);
    }
    if (dedupLookbackDays < 0) {
      throw new IllegalArgumentException(
          "--dedup-lookback-days must be >= 0, got " + dedupLookbackDays);
    }
    Objects.requireNonNull(pseudonymize, "pseudonymize");
    Objects.requireNonNull(safety, "safety");
    if (readConcurrency < 1) {
      throw new IllegalArgumentException("--read-concurrency must be >= 1, got " + readConcurrency);
    }
    Objects.requireNonNull(outgoing, "outgoing");
    Objects.requireNonNull(runKind, "runKind");
    if (chunkDays < 1) {
      throw new IllegalArgumentException("--chunk-days must be >= 1, got " + chunkDays);
    }
  }

  /** The options with the default {@code --chunk-days}. */
  public JobArgs(
      String raw,
      String enriched,
      LocalDate from,
      LocalDate to,
      Optional<String> s3Endpoint,
      double maxBadFraction,
      int dedupLookbackDays,
      Optional<PseudonymizeOptions> pseudonymize,
      SafetyOptions safety,
      int readConcurrency,
      Optional<String> outgoing,
      RunKind runKind) {
    this(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        outgoing,
        runKind,
        DEFAULT_CHUNK_DAYS);
  }

  /** Same options with passes of at most {@code days} days. */
  public JobArgs withChunkDays(int days) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        outgoing,
        runKind,
        days);
  }

  /** {@link SafetyOptions#maxRescuedFraction()}. */
  public double maxRescuedFraction() {
    return safety.maxRescuedFraction();
  }

  /** Same options with other safety settings. */
  public JobArgs withSafety(SafetyOptions s) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        s,
        readConcurrency,
        outgoing,
        runKind,
        chunkDays);
  }

  /** Same options with another rescued-object threshold. */
  public JobArgs withMaxRescuedFraction(double fraction) {
    return withSafety(safety.withMaxRescuedFraction(fraction));
  }

  /** One day with default options. */
  public static JobArgs forDay(String raw, String enriched, LocalDate day) {
    return forRange(raw, enriched, day, day);
  }

  /** An inclusive range of days with default options. */
  public static JobArgs forRange(String raw, String enriched, LocalDate from, LocalDate to) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        Optional.empty(),
        DEFAULT_MAX_BAD_FRACTION,
        DEFAULT_DEDUP_LOOKBACK_DAYS,
        Optional.empty(),
        SafetyOptions.DEFAULTS,
        DEFAULT_READ_CONCURRENCY);
  }

  /** Same options with an S3-compatible endpoint for s3a:// URIs. */
  public JobArgs withS3Endpoint(String endpoint) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        Optional.of(endpoint),
        maxBadFraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        outgoing,
        runKind,
        chunkDays);
  }

  /** Same options with another bad-object threshold. */
  public JobArgs withMaxBadFraction(double fraction) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        fraction,
        dedupLookbackDays,
        pseudonymize,
        safety,
        readConcurrency,
        outgoing,
        runKind,
        chunkDays);
  }

  /** Same options with another redelivery lookback. */
  public JobArgs withDedupLookbackDays(int days) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        days,
        pseudonymize,
        safety,
        readConcurrency,
        outgoing,
        runKind,
        chunkDays);
  }

  /** Same options, writing pseudonymized tables with the given key source. */
  public JobArgs withPseudonymize(PseudonymizeOptions options) {
    return new JobArgs(
        raw,
        enriched,
        from,
        to,
        s3Endpoint,
        maxBadFraction,
        dedupLookbackDays,
        Optional.of(options),
        safety,
        readConcurrency,
        outgoing,
        runKind,
        chunkDays);
  }

  /** The days to process, in order. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }
}
