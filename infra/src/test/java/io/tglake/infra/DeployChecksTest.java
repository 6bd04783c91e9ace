package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * Checks synth alone cannot make: cdk-nag's AwsSolutions rules, and logical ids that survive
 * refactoring.
 */
class DeployChecksTest {

  /**
   * Rule findings and rules cdk-nag could not evaluate (an unevaluated rule is not a passed rule).
   */
  private static final Object NAG =
      Match.stringLikeRegexp("(AwsSolutions-|CdkNagValidationFailure).*");

  @Test
  void awsSolutionsChecksReportNoUnsuppressedErrorOrWarning() {
    assertNagClean(Map.of());
  }

  @Test
  void awsSolutionsChecksAlsoPassWithEveryOptionalPartSwitchedOn() {
    assertNagClean(
        Map.of(
            "pseudonymize",
            "true",
            "sourceIpAllowList",
            "true",
            "alertEmail",
            "ops@example.com",
            "ingestReservedConcurrency",
            "0"));
  }

  private static void assertNagClean(Map<String, Object> context) {
    App app = new App();
    TglakeStack stack =
        new TglakeStack(
            app,
            "Tglake",
            StackProps.builder().build(),
            StackConfig.fromContext(
                context::get, Path.of(System.getProperty("tglake.assets.dir", "target/assets"))));
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    Annotations annotations = Annotations.fromStack(stack);
    List<String> findings = new ArrayList<>();
    for (SynthesisMessage m : annotations.findError("*", NAG)) {
      findings.add("ERROR " + m.getId() + " " + m.getEntry().getData());
    }
    for (SynthesisMessage m : annotations.findWarning("*", NAG)) {
      findings.add("WARN " + m.getId() + " " + m.getEntry().getData());
    }
    assertThat(findings)
        .as("fix the finding or suppress it in code with a reason (Nag.suppress)")
        .isEmpty();
  }

  /**
   * A suppression's reason is a claim a reviewer relies on: every non-S3 action granted on a
   * wildcard resource must be named in the role's IAM5 reason, and an S1 reason may not promise
   * CloudTrail auditing of object access unless the stack has a trail with S3 data events.
   */
  @Test
  void suppressionReasonsNameTheirWildcardsAndClaimNoAuditTrailThatIsNotThere() {
    StackTemplate t = StackTemplate.defaults();
    boolean dataEventTrail =
        t.ofType("AWS::CloudTrail::Trail").values().stream()
            .anyMatch(
                trail ->
                    trail.at("/Properties/EventSelectors").toString().contains("AWS::S3::Object"));
    t.resources
        .fields()
        .forEachRemaining(
            e -> {
              for (JsonNode rule : e.getValue().at("/Metadata/cdk_nag/rules_to_suppress")) {
                String reason = rule.path("reason").asText();
                if (rule.path("id").asText().equals("AwsSolutions-S1") && !dataEventTrail) {
                  assertThat(reason)
                      .as(e.getKey() + " S1 reason without a data-event trail")
                      .doesNotContainPattern("(?i)auditable through CloudTrail")
                      .containsIgnoringCase("data events");
                }
              }
            });
    for (String role : t.logicalIds("AWS::IAM::Role")) {
      JsonNode roleResource = t.single("AWS::IAM::Role", role);
      String reason = "";
      for (JsonNode rule : roleResource.at("/Metadata/cdk_nag/rules_to_suppress")) {
        if (rule.path("id").asText().equals("AwsSolutions-IAM5")) {
          reason = rule.path("reason").asText();
        }
      }
      for (String grant : t.permissions(role)) {
        String action = grant.substring(0, grant.indexOf(" -> "));
        String resource = grant.substring(grant.indexOf(" -> ") + 4);
        if (resource.contains("*") && !action.startsWith("s3:")) {
          assertThat(reason)
              .as(role + " grants " + grant + ": its IAM5 reason must name " + action)
              .contains(action);
        }
      }
    }
  }

  @Test
  void everyResourceKeepsItsLogicalIdFromBeforeTheSplitIntoConstructs() throws IOException {
    List<String> before;
    try (InputStream in =
        DeployChecksTest.class.getResourceAsStream("/pre-split-logical-ids.txt")) {
      before =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .toList();
    }
    List<String> now = new ArrayList<>();
    StackTemplate.defaults().resources.fieldNames().forEachRemaining(now::add);
    assertThat(before).as("resources of the unsplit stack").hasSize(42);
    // Replaced on purpose (issue 20): the SDK-call custom resource that only queued the
    // messages_local DDL and
    // its singleton provider. The view is now created by a Lambda-backed resource that waits for
    // the query; a
    // custom resource cannot change its service token in place, so the new one has its own id.
    List<String> replaced =
        List.of(
            "AWS679f53fac002430cb0da5b7982bd22872D164C4C",
            "AWS679f53fac002430cb0da5b7982bd2287ServiceRoleC1EA0FF2",
            "MessagesLocalView9CCC3358",
            "MessagesLocalViewCustomResourcePolicy516EED1C");
    assertThat(now)
        .as("a changed logical id means CloudFormation replaces the resource")
        .containsAll(before.stream().filter(id -> !replaced.contains(id)).toList())
        .doesNotContainAnyElementsOf(replaced);
  }

  @Test
  void flatIdFollowsCdksAlgorithm() {
    assertThat(TglakeStack.flatId(List.of("RawBucket", "Resource"))).isEqualTo("RawBucket0C3EE094");
    assertThat(TglakeStack.flatId(List.of("GlueTable_messages"))).isEqualTo("GlueTablemessages");
    assertThat(TglakeStack.flatId(List.of("IngestFunction", "ServiceRole", "Resource")))
        .isEqualTo("IngestFunctionServiceRole55EB4427");
  }
}
