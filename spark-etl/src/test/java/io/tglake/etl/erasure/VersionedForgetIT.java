package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3MockServer;
import io.tglake.etl.store.S3ObjectStore;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Erasure on versioned buckets of a real S3-compatible server (S3Mock, which versions objects):
 * after {@code forget}, no version of any object in the raw or the lake bucket — current or
 * noncurrent, Parquet, quarantine or run report — holds the person, except the erasure's own
 * records; everyone else's rows stay. The lake day is written twice before the erasure (a rerun),
 * so each of its objects has history to purge.
 */
class VersionedForgetIT {

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final String CPF = "529.982.247-25";
  private static final String NAME = "Xiomara";

  private final SparkSession spark = SharedSpark.get();

  @Test
  void leavesNoVersionOfThePersonInRawOrLake() throws Exception {
    try (S3ProxyServer.DefaultChainCredentials credentials =
            S3ProxyServer.defaultChainCredentials(S3MockServer.KEY, S3MockServer.SECRET);
        S3MockServer server = S3MockServer.start("raw", "lake");
        S3Client s3 = S3ObjectStore.client(server.settings())) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      conf.set("fs.s3a.access.key", S3MockServer.KEY);
      conf.set("fs.s3a.secret.key", S3MockServer.SECRET);
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
              "versioned-req",
              Optional.of(server.endpoint()),
              Optional.empty());
      try (ObjectStore r = ObjectStores.open(raw, args.s3Endpoint());
          ObjectStore e = ObjectStores.open(enriched, args.s3Endpoint())) {
        String p = "context_date=" + DAY + "/";
        r.put(
            p + "1.json",
            UpdateJson.privateText(1, 42, NAME, "meu cpf " + CPF).getBytes(StandardCharsets.UTF_8));
        r.put(
            p + "1.json",
            UpdateJson.privateText(1, 42, NAME, "meu cpf " + CPF)
                .getBytes(StandardCharsets.UTF_8)); // a redelivery
        r.put(
            p + "2.json",
            UpdateJson.privateText(2, 43, "Bruno", "oi").getBytes(StandardCharsets.UTF_8));
        // A broken object of theirs: the quarantine keeps its text.
        r.put(
            p + "3.json",
            ("{\"update_id\": 3, \"message\": {\"from\": {\"id\": 42, \"first_name\": \""
                    + NAME
                    + "\"}, \"text\": \""
                    + CPF
                    + "\"")
                .getBytes(StandardCharsets.UTF_8));
        for (int run = 0; run < 2; run++) {
          // One broken object in three: the gate must let the day through so that its quarantine is
          // written.
          DayResult etl =
              TelegramEtlJob.run(
                      spark,
                      JobArgs.forDay(raw, enriched, DAY)
                          .withMaxBadFraction(0.5)
                          .withS3Endpoint(server.endpoint()))
                  .single();
          assertThat(etl.rows("messages")).as("rows of run " + run).isEqualTo(2);
          forgetReleasedLease(s3);
        }
        assertThat(hits(s3, "lake"))
            .as("before the erasure old lake versions hold them (the test can fail)")
            .anyMatch(h -> h.startsWith("enriched/messages/"))
            .anyMatch(h -> h.startsWith("enriched/_quarantine/"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ForgetJob(
                args,
                r,
                e,
                new EtlDayRebuilder(spark, args, e),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run();
        String progress = out.toString(StandardCharsets.UTF_8);

        assertThat(hits(s3, "raw")).as("no version in raw holds them").isEmpty();
        assertThat(allVersions(s3, "raw"))
            .as("raw: the other person's object only, one version")
            .extracting(ObjectVersion::key)
            .containsExactly("telegram/" + p + "2.json");
        assertThat(hits(s3, "lake"))
            .as("no version in the lake holds them, apart from the erasure's records")
            .allMatch(h -> h.startsWith("enriched/_privacy/erasures/"));
        assertThat(rows(s3, "lake", "enriched/messages/"))
            .as("current messages: the other person's row")
            .singleElement()
            .satisfies(row -> assertThat(row).contains("\"user_id\":43", "\"text\":\"oi\""));
        assertThat(progress)
            .as("progress names the purge")
            .containsPattern("[1-9]\\d* old lake versions purged");
        assertThat(
                new String(
                    e.get("_privacy/erasures/versioned-req.json").orElseThrow(),
                    StandardCharsets.UTF_8))
            .as("audit counts the lake versions")
            .containsPattern("\"lake_versions_removed\" : [1-9]");
      }
    } finally {
      FileSystem.closeAll();
    }
  }

  /**
   * S3Mock 4.12.4 does not answer a create-only PUT ({@code If-None-Match: *}) of a key whose
   * latest version is a delete marker (the request hangs while the server spins), which is what the
   * next lease of a day sends after a run released (deleted) the lease. Removing every version of
   * the released lease makes the key absent as it is on S3 for that request; it holds no rows of
   * anyone.
   */
  private static void forgetReleasedLease(S3Client s3) {
    String lease = "enriched/_runs/context_date=" + DAY + "/lease.json";
    for (ListObjectVersionsResponse page :
        s3.listObjectVersionsPaginator(b -> b.bucket("lake").prefix(lease))) {
      page.versions()
          .forEach(
              v -> s3.deleteObject(d -> d.bucket("lake").key(v.key()).versionId(v.versionId())));
      page.deleteMarkers()
          .forEach(
              m -> s3.deleteObject(d -> d.bucket("lake").key(m.key()).versionId(m.versionId())));
    }
  }

  private static List<ObjectVersion> allVersions(S3Client s3, String bucket) {
    List<ObjectVersion> out = new ArrayList<>();
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
      out.addAll(page.versions());
    }
    return out;
  }

  /**
   * Every version (key@id) of the bucket that holds their name, CPF or user id: JSON and text byte
   * for byte, Parquet (compressed) read back row by row.
   */
  private List<String> hits(S3Client s3, String bucket) throws Exception {
    List<String> hits = new ArrayList<>();
    for (ObjectVersion v : allVersions(s3, bucket)) {
      byte[] body =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()))
              .asByteArray();
      List<String> texts =
          v.key().endsWith(".parquet")
              ? parquetRows(body)
              : List.of(new String(body, StandardCharsets.UTF_8));
      if (texts.stream()
          .anyMatch(
              t ->
                  t.contains(NAME)
                      || t.contains(CPF)
                      || t.contains("\"user_id\":42")
                      || t.contains("\"id\": 42")
                      || t.contains("\"chat_id\":42"))) {
        hits.add(v.key() + "@" + v.versionId());
      }
    }
    return hits;
  }

  /** The current Parquet rows under a prefix, as JSON. */
  private List<String> rows(S3Client s3, String bucket, String prefix) throws Exception {
    List<String> rows = new ArrayList<>();
    for (ObjectVersion v : allVersions(s3, bucket)) {
      if (v.key().startsWith(prefix) && v.isLatest() && v.key().endsWith(".parquet")) {
        rows.addAll(
            parquetRows(
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()))
                    .asByteArray()));
      }
    }
    return rows;
  }

  private List<String> parquetRows(byte[] body) throws Exception {
    Path dir = Files.createTempDirectory("version-");
    Path f = dir.resolve("v.parquet");
    Files.write(f, body);
    try {
      return spark.read().parquet(f.toString()).toJSON().collectAsList();
    } finally {
      Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    }
  }
}
