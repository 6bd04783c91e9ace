package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Erasure against a real S3-compatible server (s3proxy on 127.0.0.1): object store deletes, S3A
 * rebuild, audit.
 */
class S3aForgetIT {

  private final SparkSession spark = SharedSpark.get();
  private static final LocalDate DAY = LocalDate.parse("2026-11-22");

  @Test
  void erasesOnS3() throws Exception {
    try (var credentials = S3ProxyServer.defaultChainCredentials();
        S3ProxyServer server = S3ProxyServer.start("raw", "lake")) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      conf.set("fs.s3a.access.key", S3ProxyServer.KEY);
      conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
      TelegramEtlJob.configureS3a(conf, server.endpoint());
      String raw = "s3a://raw/telegram";
      String enriched = "s3a://lake/enriched";
      ForgetArgs args =
          new ForgetArgs(
              Set.of(42L),
              raw,
              enriched,
              Optional.empty(),
              Optional.empty(),
              false,
              "s3-req",
              Optional.of(server.endpoint()),
              Optional.empty());
      try (ObjectStore r = ObjectStores.open(raw, args.s3Endpoint());
          ObjectStore e = ObjectStores.open(enriched, args.s3Endpoint())) {
        r.put(
            "context_date=" + DAY + "/1.json",
            UpdateJson.privateText(1, 42, "U42", "cpf 529.982.247-25")
                .getBytes(StandardCharsets.UTF_8));
        r.put(
            "context_date=" + DAY + "/2.json",
            UpdateJson.privateText(2, 43, "U43", "oi").getBytes(StandardCharsets.UTF_8));
        DayResult etl =
            TelegramEtlJob.run(
                    spark, JobArgs.forDay(raw, enriched, DAY).withS3Endpoint(server.endpoint()))
                .single();
        assertThat(etl.rows("messages")).as("initial rows").isEqualTo(2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ForgetJob(
                args,
                r,
                e,
                new EtlDayRebuilder(spark, args, e),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run();

        assertThat(r.list("").stream().map(ObjectStore.ObjectInfo::key).toList())
            .as("raw keys left")
            .containsExactly("context_date=" + DAY + "/2.json");
        List<Long> users =
            spark
                .read()
                .parquet(enriched + "/messages")
                .select("user_id")
                .as(Encoders.LONG())
                .collectAsList();
        assertThat(users).as("messages left").containsExactly(43L);
        assertThat(e.get("_privacy/erasures/s3-req.json"))
            .as("audit in the lake bucket")
            .isPresent();
        assertThat(out.toString(StandardCharsets.UTF_8))
            .as("progress")
            .contains("day 1/1 2026-11-22: removed 1 raw objects");
      }
    } finally {
      FileSystem.closeAll();
    }
  }
}
