package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.pseudonym.Pseudonymizer;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStore.ObjectInfo;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import java.io.IOException;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pass of a {@link RangeRun} over the days whose leases it holds: list and fetch all their
 * raw objects, infer and parse them together, judge and quarantine each day, drop redeliveries,
 * stage every table once for all accepted days ({@link DayPartitions}) and commit the days one
 * after the other in ascending order. Each finished day's result goes into the run's results, with
 * its report and metric lines ({@link #finish}).
 */
final class RangePass {

  private static final Logger LOG = LoggerFactory.getLogger(RangePass.class);

  /** Called after each day's commit (tests place a crash between two days' commits here). */
  interface AfterCommit {
    void committed(LocalDate day);
  }

  private final RunContext ctx;
  private final OutgoingReads outgoing;
  private final AfterCommit afterCommit;
  // The run's settings, unpacked once for the pass's many uses.
  private final SparkSession spark;
  private final JobArgs args;
  private final Configuration hadoop;
  private final ObjectStore enrichedStore;
  private final String runId;
  private final Optional<Pseudonymizer> pseudonymizer;
  private final S3Settings rawS3;
  private final List<LocalDate> days;
  private final Map<LocalDate, DayLease> leases;
  private final Map<LocalDate, DayProgress> progress;
  private final Map<LocalDate, DayResult> results;
  private final long start;
  private final Map<LocalDate, List<ObjectInfo>> listed = new TreeMap<>();

  RangePass(
      RunContext ctx,
      OutgoingReads outgoing,
      AfterCommit afterCommit,
      List<LocalDate> days,
      Map<LocalDate, DayLease> leases,
      Map<LocalDate, DayProgress> progress,
      Map<LocalDate, DayResult> results,
      long start) {
    this.ctx = ctx;
    this.outgoing = outgoing;
    this.afterCommit = afterCommit;
    this.spark = ctx.spark();
    this.args = ctx.args();
    this.hadoop = ctx.hadoop();
    this.enrichedStore = ctx.enrichedStore();
    this.runId = ctx.runId();
    this.pseudonymizer = ctx.pseudonymizer();
    this.rawS3 = ctx.s3Settings(args.raw());
    this.days = days;
    this.leases = leases;
    this.progress = progress;
    this.results = results;
    this.start = start;
  }

  void run() throws Exception {
    RawDayReader reader = ctx.rawReader();
    List<ObjectInfo> all = new ArrayList<>();
    for (LocalDate day : days) {
      List<ObjectInfo> objects = reader.list(day);
      listed.put(day, objects);
      all.addAll(objects);
    }
    // A chunk without any object under a raw root that holds none (a mistyped --raw): remove
    // nothing.
    boolean mayRemove = !all.isEmpty() || rawHasObjects();
    RawDayReader.Read read = all.isEmpty() ? null : reader.fetch(all);
    Dataset<Row> parsed = null;
    List<OutgoingDay.Read> outgoingReads = new ArrayList<>();
    try (DayPartitions partitions =
        new DayPartitions(
            spark, hadoop, LakePaths.normalize(args.enriched()), enrichedStore, runId)) {
      Map<LocalDate, DayQualityMeter.Measured> measured = Map.of();
      Map<LocalDate, Map<String, String>> unreadable = new HashMap<>();
      if (read != null) {
        StructType inferred =
            spark
                .read()
                .json(
                    read.rows()
                        .where(col("gate_error").isNull())
                        .select("raw_json")
                        .as(Encoders.STRING()))
                .schema();
        parsed =
            RawParser.parse(read.rows(), inferred)
                .withColumn("context_date", dayOfObject())
                .persist(StorageLevel.MEMORY_AND_DISK());
        measured = DayQualityMeter.measureByDay(parsed);
        read.release();
        read.unreadable()
            .forEach(
                (key, why) ->
                    unreadable.computeIfAbsent(dayOfKey(key), d -> new TreeMap<>()).put(key, why));
        LOG.info(
            "etl {}..{}: read, inferred and parsed {} objects of {} days in {}s",
            days.get(0),
            days.get(days.size() - 1),
            all.size(),
            days.size(),
            String.format("%.1f", seconds(start)));
      }
      // Gates and quarantine, per day.
      List<LocalDate> accepted = new ArrayList<>();
      for (LocalDate day : days) {
        DayQualityMeter.Measured m =
            measured.getOrDefault(day, new DayQualityMeter.Measured(0, 0, DayQuality.NONE));
        Map<String, String> dayUnreadable = unreadable.getOrDefault(day, Map.of());
        try {
          if (!listed.get(day).isEmpty()) {
            new DayQuarantine(
                    spark, hadoop, args.enriched(), enrichedStore, pseudonymizer.isPresent())
                .write(
                    parsed.where(col("context_date").equalTo(lit(Date.valueOf(day)))),
                    day,
                    m.bad());
            DayGate.check(args, day, listed.get(day).size(), 0, m, dayUnreadable);
          } else if (mayRemove) {
            new DayQuarantine(
                    spark, hadoop, args.enriched(), enrichedStore, pseudonymizer.isPresent())
                .write(null, day, 0);
          }
          accepted.add(day);
        } catch (DayRejected e) {
          LOG.error("etl {}: failed: {}", day, e.getMessage());
          done(day, e.result(seconds(start)));
        } catch (IOException | RuntimeException e) {
          LOG.error("etl {}: failed: {}", day, e.toString(), e);
          done(day, failed(day, DayResult.Status.FAILED, start, DayResult.shortMessage(e)));
        }
      }
      if (accepted.isEmpty()) {
        return;
      }
      Map<LocalDate, Set<Long>> earlier = earlierIds(accepted);
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      Map<String, LocalDate> dropFiles = Map.of();
      Redeliveries redeliveries = new Redeliveries(spark);
      if (parsed != null) {
        Column acceptedDay =
            col("context_date").isin(accepted.stream().map(Date::valueOf).toArray());
        Dataset<Row> valid = parsed.where(col("error").isNull().and(acceptedDay));
        dropFiles = redeliveries.duplicateFilesByDay(valid, earlier);
        Dataset<Row> deduped = redeliveries.without(valid, new ArrayList<>(dropFiles.keySet()));
        tables.putAll(Tables.all(pseudonymizer.map(p -> p.updatesFrame(deduped)).orElse(deduped)));
      } else {
        // No raw object in the whole chunk: no table has rows on any day (their old partitions go
        // at the commit).
        Tables.NAMES.forEach(t -> tables.put(t, null));
      }
      Dataset<Row> bot = null;
      Map<LocalDate, Long> outgoingListed = new HashMap<>();
      for (LocalDate day : accepted) {
        OutgoingDay.Read o = outgoing.read(day);
        outgoingReads.add(o);
        outgoingListed.put(day, o.listed());
        if (o.listed() > 0) {
          bot = bot == null ? o.rows() : bot.unionByName(o.rows());
        }
      }
      tables.put(BotMessages.TABLE, bot);
      pseudonymizer.ifPresent(
          p -> tables.replaceAll((t, df) -> df == null ? null : p.table(t, df)));
      partitions.stage(tables, accepted);
      for (LocalDate day : accepted) {
        commitDay(
            day, partitions, measured, unreadable, dropFiles, outgoingListed.get(day), mayRemove);
        afterCommit.committed(day);
      }
    } finally {
      if (read != null) {
        read.release();
      }
      if (parsed != null) {
        parsed.unpersist();
      }
      outgoingReads.forEach(o -> o.release().run());
    }
  }

  private void commitDay(
      LocalDate day,
      DayPartitions partitions,
      Map<LocalDate, DayQualityMeter.Measured> measured,
      Map<LocalDate, Map<String, String>> unreadable,
      Map<String, LocalDate> dropFiles,
      long outgoingListed,
      boolean mayRemove) {
    DayProgress p = progress.get(day);
    boolean empty = listed.get(day).isEmpty();
    try {
      Optional<List<String>> only =
          empty && !mayRemove ? Optional.of(List.of(BotMessages.TABLE)) : Optional.empty();
      Map<String, Long> rows =
          partitions.commit(
              day, leases.get(day), p, () -> RunReport.writeRunning(hadoop, args, day, p), only);
      if (empty) {
        Map<String, Long> bot =
            outgoingListed > 0 ? Map.of(BotMessages.TABLE, rows.get(BotMessages.TABLE)) : Map.of();
        done(day, DayResult.empty(day, bot, seconds(start)));
        return;
      }
      DayQualityMeter.Measured m =
          measured.getOrDefault(day, new DayQualityMeter.Measured(0, 0, DayQuality.NONE));
      long dropped = dropFiles.values().stream().filter(day::equals).count();
      done(
          day,
          DayResult.succeeded(
              day,
              new DayResult.Read(
                  m.objects(),
                  m.bad(),
                  m.quality().withOtherMessages(partitions.otherMessages(day)),
                  unreadable.getOrDefault(day, Map.of())),
              rows,
              dropped,
              seconds(start)));
    } catch (Exception e) {
      LOG.error("etl {}: failed: {}", day, e.toString(), e);
      done(day, DayResult.failed(day, seconds(start), DayResult.shortMessage(e)));
    }
  }

  private void done(LocalDate day, DayResult r) {
    results.put(day, r);
    finish(ctx, day, r, progress.get(day));
  }

  /**
   * Per day, the update ids named in the previous lookback days' raw partitions (listed here or
   * listed now).
   */
  private Map<LocalDate, Set<Long>> earlierIds(List<LocalDate> accepted) throws IOException {
    Map<LocalDate, Set<Long>> idsOfDay = new HashMap<>();
    Map<LocalDate, Set<Long>> out = new TreeMap<>();
    try (ObjectStore raw = ObjectStores.open(args.raw(), rawS3)) {
      for (LocalDate day : accepted) {
        Set<Long> ids = new HashSet<>();
        for (int i = 1; i <= args.dedupLookbackDays(); i++) {
          LocalDate before = day.minusDays(i);
          Set<Long> of = idsOfDay.get(before);
          if (of == null) {
            String prefix = LakeLayout.dayPrefix(before);
            List<ObjectInfo> objects =
                listed.containsKey(before) ? listed.get(before) : raw.list(prefix);
            of = Redeliveries.idsOf(prefix, objects.stream().map(ObjectInfo::key).toList());
            idsOfDay.put(before, of);
          }
          ids.addAll(of);
        }
        out.put(day, ids);
      }
    }
    return out;
  }

  private boolean rawHasObjects() throws IOException {
    try (ObjectStore raw = ObjectStores.open(args.raw(), rawS3)) {
      return raw.any("");
    }
  }

  /**
   * Writes the day's final report and its metric lines; the report's failure is logged, never
   * fatal.
   */
  static void finish(RunContext ctx, LocalDate day, DayResult result, DayProgress p) {
    try {
      RunReport.write(ctx.hadoop(), ctx.args(), result, p);
    } catch (IOException | RuntimeException e) {
      LOG.warn("etl {}: could not write the run report: {}", day, e.toString());
    }
    LOG.info(
        "etl {} summary: {}{}",
        day,
        RunReport.summary(result, ctx.runId()),
        result.error().map(e -> " error=" + e).orElse(""));
    EtlMetrics.lines(result, ctx.args().runKind(), Instant.now()).forEach(ctx.metricLines());
  }

  static DayResult failed(LocalDate day, DayResult.Status status, long start, String error) {
    return DayResult.stopped(day, status, seconds(start), Optional.of(error));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * The day of each object from its name: {@code source_file} is {@code <base>/}{@link
   * LakeLayout#dayPrefix}{@code ...}, so the date is the ten characters after the base and the
   * partition column's name.
   */
  private Column dayOfObject() {
    int offset = RawDayReader.base(args.raw()).length() + 1 + LakeLayout.ANY_DAY_PREFIX.length();
    return to_date(substring(col("source_file"), offset + 1, 10));
  }

  private static LocalDate dayOfKey(String key) {
    return LocalDate.parse(
        key.substring(LakeLayout.ANY_DAY_PREFIX.length(), LakeLayout.ANY_DAY_PREFIX.length() + 10));
  }
}
