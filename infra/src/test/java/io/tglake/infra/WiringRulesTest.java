package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tglake.infra.PolicyEvaluator.Request;
import io.tglake.infra.PolicyEvaluator.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rules AWS enforces at deploy or run time, checked over the synthesized template with AWS's
 * semantics rather than the template's shape: CloudFormation's creation order, SNS topic policies
 * as IAM evaluates them, account quotas, and the CloudWatch Logs rights of every role an EMR job
 * runs under. Each rule is generic (it finds its subjects in the template), so a new alarm, stage
 * or role is checked without touching the test.
 */
class WiringRulesTest {

  private static final StackTemplate T = StackTemplate.defaults();
  private static final TemplateModel M = new TemplateModel(T.resources);

  @Test
  void everyStageRouteSettingsKeyNamesARouteOfItsApiThatTheStageWaitsFor() {
    Map<String, JsonNode> stages = T.ofType("AWS::ApiGatewayV2::Stage");
    assertThat(stages).as("the webhook API's stage").isNotEmpty();
    int checked = 0;
    for (Map.Entry<String, JsonNode> stage : stages.entrySet()) {
      JsonNode props = stage.getValue().get("Properties");
      Set<String> before = M.createdBefore(stage.getKey());
      var keys = props.path("RouteSettings").fieldNames();
      while (keys.hasNext()) {
        String routeKey = keys.next();
        List<String> routes = new ArrayList<>();
        T.ofType("AWS::ApiGatewayV2::Route")
            .forEach(
                (id, r) -> {
                  if (r.at("/Properties/RouteKey").asText().equals(routeKey)
                      && r.at("/Properties/ApiId").equals(props.get("ApiId"))) {
                    routes.add(id);
                  }
                });
        assertThat(routes)
            .as(stage.getKey() + " RouteSettings key '" + routeKey + "' names a route of its API")
            .hasSize(1);
        assertThat(before)
            .as(
                "API Gateway rejects a stage whose RouteSettings key has no route yet (\"Unable to "
                    + "find Route by key\"): "
                    + stage.getKey()
                    + " must be created after "
                    + routes.get(0)
                    + " (DependsOn or a reference, transitively)")
            .contains(routes.get(0));
        checked++;
      }
    }
    assertThat(checked).as("route settings checked").isPositive();
  }

  @Test
  void everyTopicAnAlarmOrRuleNotifiesLetsThatServicePublishOverTls() {
    List<String[]> senders =
        new ArrayList<>(); // {topic logical id, service principal, source ARN, sender}
    T.ofType("AWS::CloudWatch::Alarm")
        .forEach(
            (id, alarm) -> {
              for (String field : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
                for (JsonNode action : alarm.at("/Properties/" + field)) {
                  senders.add(
                      new String[] {
                        action.path("Ref").asText(),
                        "cloudwatch.amazonaws.com",
                        M.getAtt(id, "Arn"),
                        id + "." + field
                      });
                }
              }
            });
    T.ofType("AWS::Events::Rule")
        .forEach(
            (id, rule) -> {
              for (JsonNode target : rule.at("/Properties/Targets")) {
                String ref = target.path("Arn").path("Ref").asText();
                if (M.type(ref).equals("AWS::SNS::Topic")) {
                  senders.add(
                      new String[] {
                        ref, "events.amazonaws.com", M.getAtt(id, "Arn"), id + " target"
                      });
                }
              }
            });
    assertThat(senders).as("12 alarms and the job-state rule notify a topic").hasSize(13);
    for (String[] s : senders) {
      assertThat(M.type(s[0]))
          .as(s[3] + " targets a topic of this stack")
          .isEqualTo("AWS::SNS::Topic");
      List<JsonNode> policies = topicPolicies(s[0]);
      assertThat(policies)
          .as("a topic policy replaces SNS's default one; " + s[0] + " has one")
          .isNotEmpty();
      String topicArn = M.ref(s[0]);
      Result secure =
          PolicyEvaluator.evaluate(
              policies,
              new Request(
                  s[1],
                  "sns:Publish",
                  topicArn,
                  Map.of(
                      "aws:SecureTransport",
                      "true",
                      "aws:SourceAccount",
                      TemplateModel.ACCOUNT,
                      "aws:SourceArn",
                      s[2])));
      assertThat(secure.allowed())
          .as(s[3] + ": " + s[1] + " publishing to " + s[0] + " -> " + secure)
          .isTrue();
      Result otherAccount =
          PolicyEvaluator.evaluate(
              policies,
              new Request(
                  s[1],
                  "sns:Publish",
                  topicArn,
                  Map.of(
                      "aws:SecureTransport",
                      "true",
                      "aws:SourceAccount",
                      "999999999999",
                      "aws:SourceArn",
                      s[2].replace(TemplateModel.ACCOUNT, "999999999999"))));
      assertThat(otherAccount.allowed())
          .as(s[3] + ": another account's " + s[1] + " (confused deputy) -> " + otherAccount)
          .isFalse();
      Result plain =
          PolicyEvaluator.evaluate(
              policies,
              new Request(
                  s[1],
                  "sns:Publish",
                  topicArn,
                  Map.of(
                      "aws:SecureTransport",
                      "false",
                      "aws:SourceAccount",
                      TemplateModel.ACCOUNT,
                      "aws:SourceArn",
                      s[2])));
      assertThat(plain.decision())
          .as("the TLS-only statement still denies plain HTTP")
          .isEqualTo(PolicyEvaluator.Decision.EXPLICIT_DENY);
    }
  }

  @Test
  void theDefaultConfigurationDependsOnNoQuotaAboveANewAccountsDefaults() {
    // Lambda keeps 100 executions unreserved; a new account's concurrency quota can be 10, so any
    // reservation
    // (or provisioned concurrency, which also draws on it) can fail the create.
    T.ofType("AWS::Lambda::Function")
        .forEach(
            (id, fn) ->
                assertThat(fn.at("/Properties/ReservedConcurrentExecutions").isMissingNode())
                    .as(id + " reserves concurrency by default")
                    .isTrue());
    for (String type : List.of("AWS::Lambda::Alias", "AWS::Lambda::Version")) {
      T.ofType(type)
          .forEach(
              (id, r) ->
                  assertThat(r.at("/Properties/ProvisionedConcurrencyConfig").isMissingNode())
                      .as(id + " provisioned concurrency")
                      .isTrue());
    }
    StackTemplate reserved =
        StackTemplate.of(
            ctx -> {
              ctx.put("ingestReservedConcurrency", 50);
              return ctx;
            });
    assertThat(
            reserved
                .single("AWS::Lambda::Function", "IngestFunction")
                .at("/Properties/ReservedConcurrentExecutions")
                .asInt())
        .as("opt-in still works")
        .isEqualTo(50);
  }

  @Test
  void everyRoleAnEmrJobRunsUnderCanWriteTheLogsTheApplicationSends() {
    JsonNode logging =
        T.single("AWS::EMRServerless::Application", "EtlApplication")
            .at("/Properties/MonitoringConfiguration/CloudWatchLoggingConfiguration");
    assertThat(logging.path("Enabled").asBoolean()).isTrue();
    String group = M.resolve(logging.get("LogGroupName")).asText();
    String groupArn =
        "arn:aws:logs:"
            + TemplateModel.REGION
            + ":"
            + TemplateModel.ACCOUNT
            + ":log-group:"
            + group;
    Map<String, String> requests = new LinkedHashMap<>();
    // As CloudWatch Logs authorizes them: group-level actions on the group's ARN (as Logs reports
    // it, ":*"),
    // PutLogEvents on the stream EMR Serverless creates, DescribeLogGroups on the account's groups.
    requests.put(
        "logs:DescribeLogGroups",
        "arn:aws:logs:" + TemplateModel.REGION + ":" + TemplateModel.ACCOUNT + ":log-group:*");
    requests.put("logs:DescribeLogStreams", groupArn + ":*");
    requests.put("logs:CreateLogStream", groupArn + ":*");
    requests.put(
        "logs:PutLogEvents",
        groupArn + ":log-stream:applications/app/jobs/run/SPARK_DRIVER/stdout");

    Set<String> roles = emrExecutionRoles();
    assertThat(roles).as("the schedule's role, emr submit's and emr forget's").hasSize(2);
    for (String role : roles) {
      List<JsonNode> policies = identityPolicies(role);
      requests.forEach(
          (action, resource) -> {
            Result r =
                PolicyEvaluator.evaluate(policies, new Request(null, action, resource, Map.of()));
            assertThat(r.allowed())
                .as(role + " " + action + " on " + resource + " -> " + r)
                .isTrue();
          });
    }
  }

  /**
   * A custom resource that starts something asynchronous must wait for its end and fail when it
   * fails. SDK-call resources ({@code Custom::AWS}) return when the call returns, so none may make
   * a {@code start*} call; every other custom resource must be served (through CDK's provider
   * framework) by the Athena DDL handler that {@link AthenaDdlHandlerTest} runs, whose role may
   * read the query's state.
   */
  @Test
  void everyCustomResourceWaitsForAndChecksTheResultOfWhatItStarts() throws Exception {
    int checked = 0;
    for (var e : iterable(T.resources.fields())) {
      String type = e.getValue().path("Type").asText();
      if (type.equals("Custom::AWS")) {
        for (String phase : List.of("Create", "Update")) {
          JsonNode call =
              StackTemplate.MAPPER.readTree(
                  M.resolve(e.getValue().at("/Properties/" + phase)).asText(""));
          assertThat(call.path("action").asText())
              .as(e.getKey() + " " + phase + " returns before an asynchronous " + "start finishes")
              .doesNotStartWith("start");
        }
        checked++;
      } else if (type.startsWith("Custom::")
          || type.equals("AWS::CloudFormation::CustomResource")) {
        String framework = e.getValue().at("/Properties/ServiceToken/Fn::GetAtt/0").asText();
        String handler =
            T.resources
                .path(framework)
                .at("/Properties/Environment/Variables/USER_ON_EVENT_FUNCTION_ARN/Fn::GetAtt/0")
                .asText();
        assertThat(T.resources.path(handler).at("/Properties/Code/ZipFile").asText())
            .as(e.getKey() + " is served by the waiting Athena DDL handler")
            .isEqualTo(StackTemplate.athenaDdlHandlerSource());
        String role = T.resources.path(handler).at("/Properties/Role/Fn::GetAtt/0").asText();
        String workgroup = M.resolve(e.getValue().at("/Properties/WorkGroup")).asText();
        Result poll =
            PolicyEvaluator.evaluate(
                identityPolicies(role),
                new Request(
                    null,
                    "athena:GetQueryExecution",
                    "arn:aws:athena:"
                        + TemplateModel.REGION
                        + ":"
                        + TemplateModel.ACCOUNT
                        + ":workgroup/"
                        + workgroup,
                    Map.of()));
        assertThat(poll.allowed()).as(role + " may poll its query -> " + poll).isTrue();
        checked++;
      }
    }
    assertThat(checked).as("custom resources checked (messages_local)").isPositive();
  }

  private static <X> Iterable<X> iterable(java.util.Iterator<X> it) {
    return () -> it;
  }

  /**
   * Logical ids of every role passed to StartJobRun: the schedule's input and the outputs the emr
   * CLI reads.
   */
  static Set<String> emrExecutionRoles() {
    Set<String> arns = new LinkedHashSet<>();
    for (JsonNode schedule : T.ofType("AWS::Scheduler::Schedule").values()) {
      String input = M.resolve(schedule.at("/Properties/Target/Input")).asText();
      try {
        arns.add(StackTemplate.MAPPER.readTree(input).path("ExecutionRoleArn").asText());
      } catch (java.io.IOException e) {
        throw new AssertionError("schedule input is not JSON: " + input, e);
      }
    }
    for (String output : List.of("EmrJobRoleArn", "EmrErasureRoleArn")) {
      arns.add(M.resolve(T.outputs.at("/" + output + "/Value")).asText());
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String arn : arns) {
      String id =
          T.ofType("AWS::IAM::Role").keySet().stream()
              .filter(r -> M.getAtt(r, "Arn").equals(arn))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no role of the stack has ARN " + arn));
      roles.add(id);
    }
    return roles;
  }

  /**
   * The resolved identity policy documents of a role (inline Policies and attached
   * AWS::IAM::Policy).
   */
  static List<JsonNode> identityPolicies(String roleId) {
    List<JsonNode> docs = new ArrayList<>();
    T.resources
        .path(roleId)
        .at("/Properties/Policies")
        .forEach(p -> docs.add(M.resolve(p.get("PolicyDocument"))));
    T.ofType("AWS::IAM::Policy")
        .forEach(
            (id, p) -> {
              for (JsonNode role : p.at("/Properties/Roles")) {
                if (role.path("Ref").asText().equals(roleId)) {
                  docs.add(M.resolve(p.at("/Properties/PolicyDocument")));
                }
              }
            });
    return docs;
  }

  private static List<JsonNode> topicPolicies(String topicId) {
    List<JsonNode> docs = new ArrayList<>();
    T.ofType("AWS::SNS::TopicPolicy")
        .forEach(
            (id, p) -> {
              for (JsonNode topic : p.at("/Properties/Topics")) {
                if (topic.path("Ref").asText().equals(topicId)) {
                  docs.add(M.resolve(p.at("/Properties/PolicyDocument")));
                }
              }
            });
    return docs;
  }
}
