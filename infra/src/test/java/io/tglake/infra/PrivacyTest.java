package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retention lifecycle rules, the pseudonymization setting and the erasure role. */
class PrivacyTest {

  private static final StackTemplate T = StackTemplate.defaults();

  @Test
  void rawAndEnrichedExpireAfterTheirRetentionAndOldVersionsAfterTheirDays() {
    assertThat(rules(T, "RawBucket"))
        .containsExactlyInAnyOrder(
            "expire-noncurrent-and-incomplete-uploads: noncurrent 30 d, abort uploads 7 d",
            "expire-raw-after-retention: telegram/context_date= after 400 d",
            "expire-outgoing-after-retention: outgoing/context_date= after 400 d");
    assertThat(rules(T, "LakeBucket"))
        .containsExactlyInAnyOrder(
            "expire-noncurrent-and-incomplete-uploads: noncurrent 7 d, abort uploads 2 d",
            "expire-emr-logs: logs/emr/ after 30 d",
            "expire-enriched-after-retention-messages: enriched/messages/ after 400 d",
            "expire-enriched-after-retention-message_entities: enriched/message_entities/ after 400 d",
            "expire-enriched-after-retention-callback_queries: enriched/callback_queries/ after 400 d",
            "expire-enriched-after-retention-chat_member_updates: enriched/chat_member_updates/ after 400 d",
            "expire-enriched-after-retention-updates: enriched/updates/ after 400 d",
            "expire-enriched-after-retention-bot_messages: enriched/bot_messages/ after 400 d",
            "expire-enriched-after-retention-_quarantine: enriched/_quarantine/ after 400 d",
            "expire-enriched-after-retention-_quarantine_outgoing: enriched/_quarantine_outgoing/ after 400 d",
            "expire-enriched-after-retention-_runs: enriched/_runs/ after 400 d");
  }

  /**
   * Which lifecycle rule would expire (the current version of) each sample key, evaluated as S3
   * does: an enabled rule whose prefix filter matches the key and that has an expiration. Erasure
   * audit records and chat-migration markers are not day data: they must outlive the retention of
   * what they describe.
   */
  @Test
  void retentionExpiresDayDataButNeverErasureRecordsOrChatMigrationMarkers() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("raw:telegram/context_date=2025-01-01/500012345.json", "after 400 d");
    expected.put("raw:telegram/_chat_migrations/-1001234567890.json", "never");
    expected.put(
        "lake:enriched/messages/context_date=2025-01-01/part-00000.parquet", "after 400 d");
    expected.put("lake:enriched/updates/context_date=2025-01-01/part-00000.parquet", "after 400 d");
    expected.put("lake:enriched/_quarantine/context_date=2025-01-01/7.json", "after 400 d");
    expected.put(
        "lake:enriched/_runs/context_date=2025-01-01/20250102T013000.000Z.json", "after 400 d");
    expected.put("lake:enriched/_privacy/erasures/req-1.json", "never");
    expected.put("lake:enriched/_privacy/erasures/req-1.plan.json", "never");
    expected.put("lake:enriched/_privacy/erasures/req-1/days/2025-01-01.json", "never");
    expected.put("lake:logs/emr/applications/x/jobs/y/SPARK_DRIVER/stdout.gz", "after 30 d");
    Map<String, String> actual = new LinkedHashMap<>();
    for (String sample : expected.keySet()) {
      String bucket = sample.startsWith("raw:") ? "RawBucket" : "LakeBucket";
      actual.put(sample, expiry(T, bucket, sample.substring(sample.indexOf(':') + 1)));
    }
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  /**
   * "after N d" for the rules that would expire {@code key}'s current version (shortest), or
   * "never".
   */
  private static String expiry(StackTemplate t, String bucket, String key) {
    List<Integer> days = new ArrayList<>();
    for (JsonNode r :
        t.single("AWS::S3::Bucket", bucket).at("/Properties/LifecycleConfiguration/Rules")) {
      for (String unsupported :
          List.of("TagFilters", "ObjectSizeGreaterThan", "ObjectSizeLessThan")) {
        assertThat(r.has(unsupported))
            .as(r.path("Id").asText() + ": " + unsupported + " filter not modelled")
            .isFalse();
      }
      if (r.path("Status").asText().equals("Enabled")
          && r.has("ExpirationInDays")
          && key.startsWith(r.path("Prefix").asText(""))) {
        days.add(r.path("ExpirationInDays").asInt());
      }
    }
    return days.isEmpty()
        ? "never"
        : "after " + days.stream().min(Integer::compare).orElseThrow() + " d";
  }

  @Test
  void retentionDaysAreContextSettingsAndZeroKeepsForever() {
    StackTemplate tuned =
        StackTemplate.of(
            ctx -> {
              ctx.put("rawRetentionDays", 0);
              ctx.put("enrichedRetentionDays", "90");
              ctx.put("rawNoncurrentVersionDays", 10);
              return ctx;
            });
    assertThat(rules(tuned, "RawBucket"))
        .containsExactly(
            "expire-noncurrent-and-incomplete-uploads: noncurrent 10 d, abort uploads 7 d");
    assertThat(rules(tuned, "LakeBucket"))
        .contains("expire-enriched-after-retention-messages: enriched/messages/ after 90 d");
  }

  @Test
  void pseudonymizationIsOffByDefaultWithNoKeyAndNoGrant() {
    assertThat(T.ofType("AWS::SecretsManager::Secret")).hasSize(1);
    assertThat(args(T)).doesNotContain("--pseudonymize");
    assertThat(T.permissions("EmrJobRole")).noneMatch(p -> p.startsWith("secretsmanager:"));
  }

  @Test
  void pseudonymizationAddsTheOptionsAndLetsOnlyTheJobRolesReadTheNewKey() throws Exception {
    StackTemplate on =
        StackTemplate.of(
            ctx -> {
              ctx.put("pseudonymize", "true");
              return ctx;
            });
    JsonNode key = on.single("AWS::SecretsManager::Secret", "PseudonymKey");
    assertThat(key.path("DeletionPolicy").asText())
        .as("losing the key breaks id continuity")
        .isEqualTo("Retain");
    assertThat(args(on))
        .containsSequence(
            "--scheduled-time",
            "<aws.scheduler.scheduled-time>",
            "--pseudonymize",
            "--pseudonym-key-secret-id",
            "${PseudonymKey}");
    assertThat(on.permissions("EmrJobRole"))
        .contains("secretsmanager:GetSecretValue -> ${PseudonymKey}");
    List<String> readers = new ArrayList<>();
    for (JsonNode policy : on.ofType("AWS::IAM::Policy").values()) {
      for (JsonNode st : policy.at("/Properties/PolicyDocument/Statement")) {
        if (on.texts(st.get("Resource")).contains("${PseudonymKey}")) {
          on.texts(policy.at("/Properties/Roles")).forEach(readers::add);
        }
      }
    }
    assertThat(readers)
        .as("the scheduled job and erasure runs, nobody else")
        .containsExactlyInAnyOrder("${EmrJobRole}", "${EmrErasureRole}");
  }

  @Test
  void onlyTheErasureRoleMayDeleteRawObjectsAndTheSchedulerCannotPassIt() {
    assertThat(T.permissions("EmrErasureRole"))
        .contains(
            "s3:DeleteObject -> ${RawBucket.Arn}/telegram/*",
            "s3:DeleteObjectVersion -> ${RawBucket.Arn}/telegram/*",
            "s3:ListBucketVersions -> ${RawBucket.Arn}",
            "s3:PutObject -> ${RawBucket.Arn}/telegram/*",
            "s3:PutObject -> ${RawBucket.Arn}/outgoing/*");
    for (String role : List.of("EmrJobRole", "SchedulerRole")) {
      assertThat(T.permissions(role))
          .as("%s: no delete or rewrite of raw", role)
          .noneMatch(
              p -> p.contains("RawBucket") && (p.contains("Delete") || p.contains("PutObject")));
    }
    assertThat(T.permissions("SchedulerRole")).noneMatch(p -> p.contains("EmrErasureRole"));
    assertThat(T.render(T.outputs.at("/EmrErasureRoleArn/Value")))
        .isEqualTo("${EmrErasureRole.Arn}");
  }

  /**
   * The old versions a rebuild leaves in the lake: the erasure role may list and delete them under
   * the day partitions (tables, quarantines, run reports) and nowhere else; the job and ingest
   * roles may do neither.
   */
  @Test
  void onlyTheErasureRoleMayListAndPurgeOldVersionsOfTheLakesDayPartitions() {
    TemplateModel m = new TemplateModel(T.resources);
    String lake =
        m.getAtt(
            T.ofType("AWS::S3::Bucket").keySet().stream()
                .filter(id -> StackTemplate.shortIdOf(id).equals("LakeBucket"))
                .findFirst()
                .orElseThrow(),
            "Arn");
    String day = "enriched/messages/context_date=2026-11-22/";
    Map<String, PolicyEvaluator.Request> allowed = new LinkedHashMap<>();
    for (String prefix :
        List.of(
            day,
            "enriched/_quarantine/context_date=2026-11-22/",
            "enriched/_runs/context_date=2026-11-22/")) {
      allowed.put(
          "list " + prefix,
          new PolicyEvaluator.Request(
              null, "s3:ListBucketVersions", lake, Map.of("s3:prefix", prefix)));
    }
    allowed.put(
        "purge a part",
        new PolicyEvaluator.Request(
            null,
            "s3:DeleteObjectVersion",
            lake + "/" + day + "part-00000.zstd.parquet",
            Map.of()));
    allowed.put(
        "purge a run report",
        new PolicyEvaluator.Request(
            null,
            "s3:DeleteObjectVersion",
            lake + "/enriched/_runs/context_date=2026-11-22/20261123T010000.000Z.json",
            Map.of()));
    Map<String, PolicyEvaluator.Request> denied = new LinkedHashMap<>();
    denied.put(
        "list the whole bucket",
        new PolicyEvaluator.Request(null, "s3:ListBucketVersions", lake, Map.of()));
    denied.put(
        "list the audits",
        new PolicyEvaluator.Request(
            null, "s3:ListBucketVersions", lake, Map.of("s3:prefix", "enriched/_privacy/")));
    denied.put(
        "purge an audit",
        new PolicyEvaluator.Request(
            null,
            "s3:DeleteObjectVersion",
            lake + "/enriched/_privacy/erasures/req-1.json",
            Map.of()));
    denied.put(
        "purge the job logs",
        new PolicyEvaluator.Request(
            null,
            "s3:DeleteObjectVersion",
            lake + "/logs/emr/context_date=2026-11-22/x",
            Map.of()));

    List<JsonNode> erasure = WiringRulesTest.identityPolicies(roleId("EmrErasureRole"));
    allowed.forEach(
        (what, r) ->
            assertThat(PolicyEvaluator.evaluate(erasure, r).allowed())
                .as("erasure role may " + what + ": " + PolicyEvaluator.evaluate(erasure, r))
                .isTrue());
    denied.forEach(
        (what, r) ->
            assertThat(PolicyEvaluator.evaluate(erasure, r).allowed())
                .as("erasure role may not " + what)
                .isFalse());
    for (String role : List.of("EmrJobRole", "IngestFunctionServiceRole")) {
      List<JsonNode> policies = WiringRulesTest.identityPolicies(roleId(role));
      allowed.forEach(
          (what, r) ->
              assertThat(PolicyEvaluator.evaluate(policies, r).allowed())
                  .as(role + " may not " + what)
                  .isFalse());
    }
  }

  private static String roleId(String shortId) {
    return T.ofType("AWS::IAM::Role").keySet().stream()
        .filter(id -> StackTemplate.shortIdOf(id).equals(shortId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no role " + shortId));
  }

  private static List<String> args(StackTemplate t) {
    try {
      JsonNode input =
          StackTemplate.MAPPER.readTree(
              t.render(
                  t.single("AWS::Scheduler::Schedule", "DailyEtlSchedule")
                      .at("/Properties/Target/Input")));
      return t.texts(input.at("/JobDriver/SparkSubmit/EntryPointArguments"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> rules(StackTemplate t, String bucket) {
    List<String> out = new ArrayList<>();
    for (JsonNode r :
        t.single("AWS::S3::Bucket", bucket).at("/Properties/LifecycleConfiguration/Rules")) {
      assertThat(r.path("Status").asText()).isEqualTo("Enabled");
      StringBuilder s = new StringBuilder(r.path("Id").asText()).append(":");
      if (r.has("NoncurrentVersionExpiration")) {
        s.append(" noncurrent ")
            .append(r.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt())
            .append(" d,");
      }
      if (r.has("AbortIncompleteMultipartUpload")) {
        s.append(" abort uploads ")
            .append(r.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt())
            .append(" d");
      }
      if (r.has("ExpirationInDays")) {
        s.append(" ")
            .append(r.path("Prefix").asText())
            .append(" after ")
            .append(r.path("ExpirationInDays").asInt())
            .append(" d");
      }
      out.add(s.toString());
    }
    return out;
  }
}
