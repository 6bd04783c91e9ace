package io.tglake.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.pseudonym.Pseudonymizer;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.S3Settings;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * What the parts of one ETL run share, built once by {@link EtlPipeline} and handed down to the
 * single-day flow ({@link DayRun}), the range flow ({@link RangeRun}) and the outgoing reads.
 *
 * @param hadoop the session's Hadoop configuration (S3A settings applied)
 * @param enrichedStore the enriched lake as an object store (day leases under {@code _runs/})
 * @param runId this run's id (leases, run reports, staging folders)
 * @param pseudonymizer present with {@code --pseudonymize}: no day is written in the clear
 * @param metricLines where each day's EMF metric lines go ({@link EtlMetrics}; stdout in the job)
 * @param json the run's one JSON mapper (thread-safe once configured)
 */
record RunContext(
    SparkSession spark,
    JobArgs args,
    Configuration hadoop,
    ObjectStore enrichedStore,
    String runId,
    Optional<Pseudonymizer> pseudonymizer,
    Consumer<String> metricLines,
    ObjectMapper json) {

  RunContext withPseudonymizer(Pseudonymizer p) {
    return new RunContext(
        spark, args, hadoop, enrichedStore, runId, Optional.of(p), metricLines, json);
  }

  /** How the job's own readers reach {@code root} ({@link EtlSession#s3Settings}). */
  S3Settings s3Settings(String root) {
    return EtlSession.s3Settings(args, hadoop, root);
  }

  /** The {@code --enriched} root as the job's paths spell it. */
  String enrichedRoot() {
    return LakePaths.normalize(args.enriched());
  }

  /** A reader of the {@code --raw} days. */
  RawDayReader rawReader() {
    return new RawDayReader(
        spark, args.raw(), s3Settings(args.raw()), args.readConcurrency(), json);
  }
}
