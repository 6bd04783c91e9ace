package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tglake.infra.PolicyEvaluator.Decision;
import io.tglake.infra.PolicyEvaluator.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator's own rules: the wiring tests are only as good as this. */
class PolicyEvaluatorTest {

  private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:Alerts";
  private static final Map<String, String> SECURE =
      Map.of("aws:SecureTransport", "true", "aws:SourceAccount", "123456789012");

  @Test
  void anExplicitDenyWinsOverAnAllowAndNoMatchIsAnImplicitDeny() throws Exception {
    JsonNode doc =
        json(
            """
        {"Statement": [
          {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": "sns:Publish",
           "Resource": "%s"},
          {"Effect": "Deny", "Principal": "*", "Action": "sns:*", "Resource": "%s",
           "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"""
                .formatted(TOPIC, TOPIC));
    assertThat(decide(doc, "cloudwatch.amazonaws.com", "SNS:Publish", TOPIC, SECURE))
        .as("actions ignore case")
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                doc,
                "cloudwatch.amazonaws.com",
                "sns:Publish",
                TOPIC,
                Map.of("aws:SecureTransport", "false")))
        .isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(decide(doc, "events.amazonaws.com", "sns:Publish", TOPIC, SECURE))
        .as("other principal")
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide(doc, "cloudwatch.amazonaws.com", "sns:Publish", TOPIC + "2", SECURE))
        .as("other resource")
        .isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void conditionsNeedEveryKeyAndAMissingKeyFailsPositiveOperators() throws Exception {
    JsonNode doc =
        json(
            """
        {"Statement": [{"Effect": "Allow", "Action": "logs:Put*", "Resource": "arn:aws:logs:*:log-group:g:*",
          "Condition": {"StringEquals": {"aws:SourceAccount": ["111", "123456789012"]},
                        "ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:*:123456789012:alarm:*"}}}]}""");
    String stream = "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s";
    assertThat(
            decide(
                doc,
                null,
                "logs:PutLogEvents",
                stream,
                Map.of(
                    "aws:SourceAccount",
                    "123456789012",
                    "aws:SourceArn",
                    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x")))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            decide(
                doc,
                null,
                "logs:PutLogEvents",
                stream,
                Map.of("aws:SourceAccount", "123456789012")))
        .as("aws:SourceArn absent")
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(
            decide(
                doc,
                null,
                "logs:PutLogEvents",
                stream,
                Map.of(
                    "aws:SourceAccount",
                    "999",
                    "aws:SourceArn",
                    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x")))
        .isEqualTo(Decision.IMPLICIT_DENY);
    assertThat(decide(doc, null, "logs:CreateLogStream", stream, Map.of()))
        .as("Put* is not Create*")
        .isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void policyElementsTheModelDoesNotKnowFailLoudly() throws Exception {
    JsonNode doc =
        json(
            """
        {"Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}""");
    assertThatThrownBy(() -> decide(doc, null, "sns:Publish", TOPIC, Map.of()))
        .hasMessageContaining("NotAction");
    JsonNode op =
        json(
            """
        {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
          "Condition": {"NumericLessThan": {"s3:max-keys": "10"}}}]}""");
    assertThatThrownBy(
            () -> decide(op, null, "s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:max-keys", "5")))
        .hasMessageContaining("NumericLessThan");
  }

  private static Decision decide(
      JsonNode doc, String service, String action, String resource, Map<String, String> context) {
    return PolicyEvaluator.evaluate(List.of(doc), new Request(service, action, resource, context))
        .decision();
  }

  private static JsonNode json(String s) throws Exception {
    return StackTemplate.MAPPER.readTree(s);
  }
}
