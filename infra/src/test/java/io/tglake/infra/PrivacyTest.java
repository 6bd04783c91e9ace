package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention lifecycle rules, the pseudonymization setting and the erasure role. */
class PrivacyTest {

  private static final StackTemplate T = StackTemplate.defaults();

  @Test
  void rawAndEnrichedExpireAfterTheirRetentionAndOldVersionsAfterTheirDays() {
    assertThat(rules(T, "RawBucket")).containsExactlyInAnyOrder(
        "expire-noncurrent-and-incomplete-uploads: noncurrent 30 d, abort uploads 7 d",
        "expire-raw-after-retention: telegram/ after 400 d");
    assertThat(rules(T, "LakeBucket")).containsExactlyInAnyOrder(
        "expire-noncurrent-and-incomplete-uploads: noncurrent 7 d, abort uploads 2 d",
        "expire-emr-logs: logs/emr/ after 30 d",
        "expire-enriched-after-retention: enriched/ after 400 d");
  }

  @Test
  void retentionDaysAreContextSettingsAndZeroKeepsForever() {
    StackTemplate tuned = StackTemplate.of(ctx -> {
      ctx.put("rawRetentionDays", 0);
      ctx.put("enrichedRetentionDays", "90");
      ctx.put("rawNoncurrentVersionDays", 10);
      return ctx;
    });
    assertThat(rules(tuned, "RawBucket")).containsExactly(
        "expire-noncurrent-and-incomplete-uploads: noncurrent 10 d, abort uploads 7 d");
    assertThat(rules(tuned, "LakeBucket")).contains("expire-enriched-after-retention: enriched/ after 90 d");
  }

  @Test
  void pseudonymizationIsOffByDefaultWithNoKeyAndNoGrant() {
    assertThat(T.ofType("AWS::SecretsManager::Secret")).hasSize(1);
    assertThat(args(T)).doesNotContain("--pseudonymize");
    assertThat(T.permissions("EmrJobRole")).noneMatch(p -> p.startsWith("secretsmanager:"));
  }

  @Test
  void pseudonymizationAddsTheOptionsAndLetsOnlyTheJobRolesReadTheNewKey() throws Exception {
    StackTemplate on = StackTemplate.of(ctx -> {
      ctx.put("pseudonymize", "true");
      return ctx;
    });
    JsonNode key = on.single("AWS::SecretsManager::Secret", "PseudonymKey");
    assertThat(key.path("DeletionPolicy").asText()).as("losing the key breaks id continuity").isEqualTo("Retain");
    assertThat(args(on)).containsSequence("--scheduled-time", "<aws.scheduler.scheduled-time>", "--pseudonymize",
        "--pseudonym-key-secret-id", "${PseudonymKey}");
    assertThat(on.permissions("EmrJobRole")).contains("secretsmanager:GetSecretValue -> ${PseudonymKey}");
    List<String> readers = new ArrayList<>();
    for (JsonNode policy : on.ofType("AWS::IAM::Policy").values()) {
      for (JsonNode st : policy.at("/Properties/PolicyDocument/Statement")) {
        if (on.texts(st.get("Resource")).contains("${PseudonymKey}")) {
          on.texts(policy.at("/Properties/Roles")).forEach(readers::add);
        }
      }
    }
    assertThat(readers).as("the scheduled job and erasure runs, nobody else")
        .containsExactlyInAnyOrder("${EmrJobRole}", "${EmrErasureRole}");
  }

  @Test
  void onlyTheErasureRoleMayDeleteRawObjectsAndTheSchedulerCannotPassIt() {
    assertThat(T.permissions("EmrErasureRole")).contains(
        "s3:DeleteObject -> ${RawBucket.Arn}/telegram/*",
        "s3:DeleteObjectVersion -> ${RawBucket.Arn}/telegram/*",
        "s3:ListBucketVersions -> ${RawBucket.Arn}");
    for (String role : List.of("EmrJobRole", "SchedulerRole")) {
      assertThat(T.permissions(role)).noneMatch(p -> p.contains("RawBucket") && p.contains("Delete"));
    }
    assertThat(T.permissions("SchedulerRole")).noneMatch(p -> p.contains("EmrErasureRole"));
    assertThat(T.render(T.outputs.at("/EmrErasureRoleArn/Value"))).isEqualTo("${EmrErasureRole.Arn}");
  }

  private static List<String> args(StackTemplate t) {
    try {
      JsonNode input = StackTemplate.MAPPER.readTree(
          t.render(t.single("AWS::Scheduler::Schedule", "DailyEtlSchedule").at("/Properties/Target/Input")));
      return t.texts(input.at("/JobDriver/SparkSubmit/EntryPointArguments"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> rules(StackTemplate t, String bucket) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : t.single("AWS::S3::Bucket", bucket).at("/Properties/LifecycleConfiguration/Rules")) {
      assertThat(r.path("Status").asText()).isEqualTo("Enabled");
      StringBuilder s = new StringBuilder(r.path("Id").asText()).append(":");
      if (r.has("NoncurrentVersionExpiration")) {
        s.append(" noncurrent ").append(r.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt()).append(" d,");
      }
      if (r.has("AbortIncompleteMultipartUpload")) {
        s.append(" abort uploads ").append(r.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt())
            .append(" d");
      }
      if (r.has("ExpirationInDays")) {
        s.append(" ").append(r.path("Prefix").asText()).append(" after ").append(r.path("ExpirationInDays").asInt())
            .append(" d");
      }
      out.add(s.toString());
    }
    return out;
  }
}
