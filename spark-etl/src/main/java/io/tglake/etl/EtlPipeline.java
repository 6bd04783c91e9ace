package io.tglake.etl;

import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

final class EtlPipeline {
  EtlPipeline(SparkSession spark, JobArgs args) {}

  DayResult runDay(LocalDate day) {
    throw new UnsupportedOperationException("in progress");
  }
}
