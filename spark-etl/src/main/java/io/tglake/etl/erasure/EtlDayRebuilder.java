package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.BotMessages;
import io.tglake.etl.DayResult;
import io.tglake.etl.ErasureRebuild;
import io.tglake.etl.JobArgs;
import io.tglake.etl.RunKind;
import io.tglake.etl.Tables;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import java.io.File;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@link ForgetJob.DayRebuilder} on the real ETL: a day is rebuilt by rerunning {@link
 * TelegramEtlJob} for it (exact-partition replace of all five tables and the quarantine; an emptied
 * raw day removes them), with the erasure's {@code --s3-endpoint}, {@code --pseudonymize} and gate
 * options. During an erasure the day is rebuilt under the lease the erasure took before reading it
 * ({@link #hold}), with the gate judging the day as it was ({@link ErasureRebuild}).
 */
public final class EtlDayRebuilder implements ForgetJob.DayRebuilder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final ForgetArgs args;
  private final ObjectStore enriched;
  private Hold held;

  public EtlDayRebuilder(SparkSession spark, ForgetArgs args, ObjectStore enriched) {
    this.spark = spark;
    this.args = args;
    this.enriched = enriched;
    // rows() reads the lake before the first rebuild configures S3A for the endpoint.
    args.s3Endpoint()
        .ifPresent(e -> TelegramEtlJob.configureS3a(spark.sparkContext().hadoopConfiguration(), e));
  }

  @Override
  public Map<String, Long> rows(LocalDate day) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<String> tables = new ArrayList<>(Tables.NAMES);
    tables.add(BotMessages.TABLE);
    for (String table : tables) {
      String dir = root() + "/" + LakeLayout.tablePrefix(table, day);
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      rows.put(table, fs.exists(p) ? spark.read().parquet(dir).count() : 0L);
    }
    return rows;
  }

  @Override
  public ForgetJob.Held hold(LocalDate day) throws ForgetJob.BusyDay, IOException {
    if (held != null) {
      throw new IllegalStateException("day " + held.day() + " is still held");
    }
    String runId = TelegramEtlJob.newRunId();
    try {
      DayLease lease =
          DayLease.acquire(
              enriched,
              day,
              runId,
              args.gate().safety().leaseTtl(),
              args.gate().safety().leaseWait());
      held = new Hold(day, lease);
      return () -> {
        held = null;
        lease.close();
      };
    } catch (DayLease.Busy e) {
      throw new ForgetJob.BusyDay(e.getMessage(), e);
    }
  }

  /** Rebuilds outside an erasure's lease: the ETL takes the day's lease itself. */
  @Override
  public DayResult rebuild(LocalDate day) {
    return TelegramEtlJob.run(spark, job(day)).single();
  }

  @Override
  public DayResult rebuild(LocalDate day, long objectsErased) {
    if (held == null || !held.day().equals(day)) {
      return rebuild(day);
    }
    return TelegramEtlJob.rebuildForErasure(
        spark, job(day), enriched, new ErasureRebuild(held.lease(), objectsErased));
  }

  private JobArgs job(LocalDate day) {
    // Its own run kind: a rebuild rewrites a past day, and its figures must not count as that day's
    // scheduled run.
    JobArgs job =
        args.gate()
            .applyTo(JobArgs.forDay(args.raw(), args.enriched(), day))
            .withRunKind(RunKind.ERASURE)
            .withOutgoing(args.outgoingRoot());
    if (args.s3Endpoint().isPresent()) {
      job = job.withS3Endpoint(args.s3Endpoint().get());
    }
    if (args.pseudonymize().isPresent()) {
      job = job.withPseudonymize(args.pseudonymize().get());
    }
    return job;
  }

  private record Hold(LocalDate day, DayLease lease) {}

  @Override
  public Boolean pseudonymized(LocalDate day) throws IOException {
    List<ObjectStore.ObjectInfo> reports =
        enriched.list(LakeLayout.runsPrefix(day)).stream()
            .filter(o -> o.key().matches(".*/\\d{8}T\\d{6}\\.\\d{3}Z(-[0-9a-f]{6})?\\.json"))
            .toList();
    if (reports.isEmpty()) {
      return null;
    }
    // Report names start with the UTC run timestamp (then the run id's random suffix): the last in
    // key order is
    // the latest run.
    Optional<byte[]> body = enriched.get(reports.get(reports.size() - 1).key());
    if (body.isEmpty()) {
      return null;
    }
    JsonNode flag = JSON.readTree(body.get()).get("pseudonymized");
    return flag == null || flag.isNull() ? null : flag.asBoolean();
  }

  private String root() {
    String r = args.enriched();
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r.contains("://")
        ? r
        : new File(r).getAbsoluteFile().toURI().toString().replaceAll("/$", "");
  }
}
