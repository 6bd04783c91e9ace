package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.sql.DdlRenderer;
import io.tglake.sql.TableDefinitions;
import io.tglake.sql.TableDefinitions.Column;
import io.tglake.sql.TableDefinitions.TableDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack once (jsii start-up dominates) and checks every property a deployment relies on.
 * Intrinsics are rendered to readable strings ({@code ${RawBucket.Arn}/telegram/*}, logical-id hashes
 * stripped) so least-privilege checks compare exact action/resource sets.
 */
class TglakeStackTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HASHED_ID = Pattern.compile("^(.*?)[0-9A-F]{8}$");

  private static JsonNode resources;
  private static JsonNode outputs;

  @BeforeAll
  static void synthesizeOnce() {
    App app = new App();
    StackConfig config = StackConfig.defaults(Path.of(System.getProperty("tglake.assets.dir", "target/assets")));
    TglakeStack stack = new TglakeStack(app, "Tglake", StackProps.builder().build(), config);
    JsonNode template = MAPPER.valueToTree(Template.fromStack(stack).toJSON());
    resources = template.get("Resources");
    outputs = template.get("Outputs");
  }

  // ------------------------------------------------------------------------------------------- storage

  @Test
  void everyBucketBlocksPublicAccessIsEncryptedAndDeniesPlainHttp() {
    List<String> buckets = logicalIds("AWS::S3::Bucket");
    assertThat(buckets).as("raw, lake and Athena results buckets")
        .containsExactlyInAnyOrder("RawBucket", "LakeBucket", "AthenaResultsBucket");
    for (Map.Entry<String, JsonNode> bucket : ofType("AWS::S3::Bucket").entrySet()) {
      JsonNode props = bucket.getValue().get("Properties");
      JsonNode pab = props.get("PublicAccessBlockConfiguration");
      for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
        assertThat(pab.path(flag).asBoolean()).as(bucket.getKey() + " " + flag).isTrue();
      }
      assertThat(props.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
          .asText()).as(bucket.getKey() + " encrypted at rest").isEqualTo("AES256");
    }
    Map<String, JsonNode> policies = ofType("AWS::S3::BucketPolicy");
    List<String> tlsOnly = new ArrayList<>();
    for (JsonNode policy : policies.values()) {
      for (JsonNode st : policy.at("/Properties/PolicyDocument/Statement")) {
        if ("Deny".equals(st.path("Effect").asText())
            && "false".equals(st.at("/Condition/Bool/aws:SecureTransport").asText())
            && "s3:*".equals(st.path("Action").asText())) {
          tlsOnly.add(render(policy.at("/Properties/Bucket")));
        }
      }
    }
    assertThat(tlsOnly).as("a deny-non-TLS statement on every bucket")
        .containsExactlyInAnyOrder("${RawBucket}", "${LakeBucket}", "${AthenaResultsBucket}");
  }

  @Test
  void rawBucketIsVersionedAndRetained() {
    JsonNode raw = single("AWS::S3::Bucket", "RawBucket");
    assertThat(raw.at("/Properties/VersioningConfiguration/Status").asText()).as("raw is the only copy").isEqualTo("Enabled");
    assertThat(raw.path("DeletionPolicy").asText()).as("cdk destroy must not drop raw data").isEqualTo("Retain");
    assertThat(single("AWS::S3::Bucket", "LakeBucket").path("DeletionPolicy").asText()).isEqualTo("Retain");
  }

  // -------------------------------------------------------------------------------------------- IAM

  @Test
  void ingestFunctionMayOnlyPutUnderTheRawPrefixListMigrationMarkersAndReadItsSecret() {
    assertThat(permissions(roleOf("IngestFunction"))).as("ingest Lambda role, exactly")
        .containsExactlyInAnyOrder(
            "s3:PutObject -> ${RawBucket.Arn}/telegram/*",
            "s3:ListBucket -> ${RawBucket.Arn} if {\"StringLike\":{\"s3:prefix\":[\"telegram/_chat_migrations/*\"]}}",
            "secretsmanager:GetSecretValue -> ${WebhookSecretToken}");
  }

  @Test
  void emrJobRoleReadsRawWritesOnlyTheLakeAndReadsExactlyTheJobJar() {
    List<String> perms = permissions("EmrJobRole");
    assertThat(perms).as("EMR job role, exactly")
        .containsExactlyInAnyOrder(
            "s3:GetObject -> ${RawBucket.Arn}/telegram/*",
            "s3:ListBucket -> ${RawBucket.Arn}",
            "s3:GetObject -> ${LakeBucket.Arn}/enriched/*",
            "s3:PutObject -> ${LakeBucket.Arn}/enriched/*",
            "s3:DeleteObject -> ${LakeBucket.Arn}/enriched/*",
            "s3:AbortMultipartUpload -> ${LakeBucket.Arn}/enriched/*",
            "s3:ListBucket -> ${LakeBucket.Arn}",
            "s3:ListBucketMultipartUploads -> ${LakeBucket.Arn}",
            "s3:PutObject -> ${LakeBucket.Arn}/logs/emr/*",
            "s3:GetObject -> arn:${AWS::Partition}:s3:::cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}/"
                + jobJarKey());
    assertThat(perms).as("the job can never write or delete raw objects")
        .noneMatch(p -> p.contains("RawBucket") && (p.contains("Put") || p.contains("Delete")));
  }

  @Test
  void schedulerMayOnlyStartRunsOfThisApplicationPassTheJobRoleAndDeadLetter() {
    assertThat(permissions("SchedulerRole")).as("scheduler role, exactly")
        .containsExactlyInAnyOrder(
            "emr-serverless:StartJobRun -> ${EtlApplication.Arn}",
            "iam:PassRole -> ${EmrJobRole.Arn} if {\"StringEquals\":{\"iam:PassedToService\":\"emr-serverless.amazonaws.com\"}}",
            "sqs:SendMessage -> ${ScheduleDeadLetterQueue.Arn}");
  }

  @Test
  void rolesTrustOnlyTheirServiceFromThisAccount() {
    assertThat(render(single("AWS::IAM::Role", "EmrJobRole").at("/Properties/AssumeRolePolicyDocument/Statement/0")))
        .isEqualTo("{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}},"
            + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"emr-serverless.amazonaws.com\"}}");
    assertThat(render(single("AWS::IAM::Role", "SchedulerRole").at("/Properties/AssumeRolePolicyDocument/Statement/0")))
        .isEqualTo("{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}},"
            + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"scheduler.amazonaws.com\"}}");
    JsonNode invoke = ofType("AWS::Lambda::Permission").values().iterator().next().get("Properties");
    assertThat(render(invoke.get("FunctionName"))).as("API Gateway may invoke the alias").isEqualTo("${IngestLive}");
    assertThat(render(invoke.get("SourceArn"))).as("from the webhook route only")
        .endsWith(":${WebhookApi}/*/*/telegram/webhook");
  }

  @Test
  void noPolicyInTheStackGrantsWildcardActions() {
    for (Map.Entry<String, JsonNode> policy : ofType("AWS::IAM::Policy").entrySet()) {
      for (JsonNode st : policy.getValue().at("/Properties/PolicyDocument/Statement")) {
        for (String action : texts(st.get("Action"))) {
          assertThat(action).as(policy.getKey() + " action").doesNotContain("*");
        }
        for (String resource : texts(st.get("Resource"))) {
          assertThat(resource).as(policy.getKey() + " resource is never everything").isNotEqualTo("*");
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------- ingest

  @Test
  void ingestFunctionIsJava21WithSnapStartAndTheSecretByReferenceOnly() {
    JsonNode fn = single("AWS::Lambda::Function", "IngestFunction").get("Properties");
    assertThat(fn.path("Runtime").asText()).isEqualTo("java21");
    assertThat(fn.path("Handler").asText()).isEqualTo("io.tglake.ingest.WebhookHandler::handleRequest");
    assertThat(fn.at("/SnapStart/ApplyOn").asText()).as("SnapStart on published versions").isEqualTo("PublishedVersions");
    assertThat(fn.path("MemorySize").asInt()).as("sized for cold start").isGreaterThanOrEqualTo(1024);
    JsonNode env = fn.at("/Environment/Variables");
    assertThat(render(env.get("RAW_BUCKET"))).isEqualTo("${RawBucket}");
    assertThat(env.path("RAW_PREFIX").asText()).isEqualTo("telegram");
    assertThat(render(env.get("TELEGRAM_SECRET_TOKEN_SECRET_ID"))).as("the secret's ARN, not its value")
        .isEqualTo("${WebhookSecretToken}");
    assertThat(env.has("TELEGRAM_SECRET_TOKEN")).as("no token literal in the template").isFalse();
    assertThat(env.path("WEBHOOK_SECRET_GENERATION").asText()).as("bumping it republishes the snapshot").isEqualTo("1");
    assertThat(render(fn.get("LoggingConfig").get("LogGroup"))).isEqualTo("${IngestLogs}");
    assertThat(single("AWS::Logs::LogGroup", "IngestLogs").at("/Properties/RetentionInDays").asInt()).isEqualTo(30);
    assertThat(single("AWS::SecretsManager::Secret", "WebhookSecretToken").at("/Properties/GenerateSecretString/ExcludePunctuation")
        .asBoolean()).as("secret_token alphabet is A-Z a-z 0-9 _ -").isTrue();
  }

  @Test
  void apiRoutesPostWebhookToTheLiveAliasAndAlarmsOn5xx() {
    JsonNode alias = single("AWS::Lambda::Alias", "IngestLive").get("Properties");
    assertThat(alias.path("Name").asText()).isEqualTo("live");
    assertThat(render(alias.get("FunctionVersion"))).as("alias points at the published (snapshotted) version")
        .startsWith("${IngestFunctionCurrentVersion");
    List<String> routes = new ArrayList<>();
    ofType("AWS::ApiGatewayV2::Route").values().forEach(r -> routes.add(r.at("/Properties/RouteKey").asText()));
    assertThat(routes).as("one route only").containsExactly("POST /telegram/webhook");
    JsonNode integration = ofType("AWS::ApiGatewayV2::Integration").values().iterator().next().get("Properties");
    assertThat(render(integration.get("IntegrationUri"))).as("the API invokes the alias").isEqualTo("${IngestLive}");
    assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");

    JsonNode alarm = single("AWS::CloudWatch::Alarm", "Webhook5xxAlarm").get("Properties");
    assertThat(alarm.path("MetricName").asText()).isEqualTo("5xx");
    assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/ApiGateway");
    assertThat(render(alarm.at("/AlarmActions/0"))).isEqualTo("${Alerts}");
  }

  // ---------------------------------------------------------------------------------------------- ETL

  @Test
  void emrApplicationIsSparkOnTheRequiredReleaseWithAutoStartStopCapAndDynamicOverwrite() {
    JsonNode app = single("AWS::EMRServerless::Application", "EtlApplication").get("Properties");
    assertThat(app.path("ReleaseLabel").asText()).isEqualTo("emr-spark-8.0.0");
    assertThat(app.path("Type").asText()).isEqualTo("SPARK");
    assertThat(app.at("/AutoStartConfiguration/Enabled").asBoolean()).isTrue();
    assertThat(app.at("/AutoStopConfiguration/Enabled").asBoolean()).isTrue();
    assertThat(app.at("/MaximumCapacity/Cpu").asText()).isEqualTo("16 vCPU");
    assertThat(app.at("/MaximumCapacity/Memory").asText()).isEqualTo("64 GB");
    JsonNode spark = app.at("/RuntimeConfiguration/0");
    assertThat(spark.path("Classification").asText()).isEqualTo("spark-defaults");
    assertThat(spark.at("/Properties/spark.sql.sources.partitionOverwriteMode").asText()).isEqualTo("dynamic");
    assertThat(spark.at("/Properties/spark.sql.session.timeZone").asText()).isEqualTo("UTC");
    assertThat(render(app.at("/MonitoringConfiguration/S3MonitoringConfiguration/LogUri")))
        .isEqualTo("s3://${LakeBucket}/logs/emr/");
  }

  @Test
  void scheduleStartsTheJobWithTheScheduledTimeAndAnIdempotentClientToken() throws Exception {
    JsonNode schedule = single("AWS::Scheduler::Schedule", "DailyEtlSchedule").get("Properties");
    assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("cron(30 1 * * ? *)");
    assertThat(schedule.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
    JsonNode target = schedule.get("Target");
    assertThat(target.path("Arn").asText()).isEqualTo("arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun");
    assertThat(render(target.get("RoleArn"))).isEqualTo("${SchedulerRole.Arn}");
    assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isPositive();
    assertThat(render(target.at("/DeadLetterConfig/Arn"))).isEqualTo("${ScheduleDeadLetterQueue.Arn}");

    JsonNode input = MAPPER.readTree(render(target.get("Input")));
    assertThat(input.path("ApplicationId").asText()).isEqualTo("${EtlApplication.ApplicationId}");
    assertThat(input.path("ExecutionRoleArn").asText()).isEqualTo("${EmrJobRole.Arn}");
    assertThat(input.path("ClientToken").asText()).as("same token for retries of one invocation")
        .isEqualTo("tglake-daily-<aws.scheduler.scheduled-time>");
    JsonNode submit = input.at("/JobDriver/SparkSubmit");
    assertThat(submit.path("EntryPoint").asText()).isEqualTo("s3://cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}/" + jobJarKey());
    assertThat(texts(submit.get("EntryPointArguments"))).containsExactly(
        "--raw", "s3://${RawBucket}/telegram",
        "--enriched", "s3://${LakeBucket}/enriched",
        "--scheduled-time", "<aws.scheduler.scheduled-time>");
    assertThat(submit.path("SparkSubmitParameters").asText()).isEqualTo("--class io.tglake.etl.TelegramEtlJob");
  }

  @Test
  void failedJobRunsOfThisApplicationAreSentToTheAlertsTopic() {
    JsonNode rule = single("AWS::Events::Rule", "EtlJobFailedRule").get("Properties");
    JsonNode pattern = rule.get("EventPattern");
    assertThat(texts(pattern.get("source"))).containsExactly("aws.emr-serverless");
    assertThat(texts(pattern.get("detail-type"))).containsExactly("EMR Serverless Job Run State Change");
    assertThat(texts(pattern.at("/detail/state"))).containsExactly("FAILED");
    assertThat(render(pattern.at("/detail/applicationId/0"))).isEqualTo("${EtlApplication.ApplicationId}");
    assertThat(render(rule.at("/Targets/0/Arn"))).isEqualTo("${Alerts}");
    JsonNode dlq = single("AWS::SQS::Queue", "ScheduleDeadLetterQueue").get("Properties");
    assertThat(dlq.path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
  }

  // ------------------------------------------------------------------------------------------ catalog

  @Test
  void glueTablesEqualTheSqlDdlColumnsPartitionAndProjection() {
    Path ddlDir = Path.of(System.getProperty("tglake.ddl.dir", "../sql/ddl"));
    List<TableDefinition> expected = TableDefinitions.loadDirectory(ddlDir,
        DdlRenderer.variables("tglake", "s3://LAKE/enriched", "America/Sao_Paulo"));
    assertThat(expected).as("tables in sql/ddl").hasSizeGreaterThanOrEqualTo(5);
    Map<String, JsonNode> tables = new LinkedHashMap<>();
    ofType("AWS::Glue::Table").values().forEach(t -> tables.put(t.at("/Properties/TableInput/Name").asText(), t.get("Properties")));
    assertThat(tables.keySet()).as("one Glue table per DDL table")
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(TableDefinition::name).toList());

    for (TableDefinition def : expected) {
      JsonNode t = tables.get(def.name());
      assertThat(t.path("DatabaseName").asText()).isEqualTo("tglake");
      JsonNode input = t.get("TableInput");
      assertThat(columns(input.at("/StorageDescriptor/Columns"))).as(def.name() + " columns in DDL order")
          .containsExactlyElementsOf(def.columns());
      assertThat(columns(input.get("PartitionKeys"))).as(def.name() + " partition")
          .containsExactly(new Column("context_date", "date"));
      Map<String, String> params = new LinkedHashMap<>();
      input.get("Parameters").fields().forEachRemaining(e -> params.put(e.getKey(), render(e.getValue())));
      def.tableProperties().forEach((k, v) -> {
        String actual = params.get(k);
        assertThat(actual).as(def.name() + " TBLPROPERTIES " + k)
            .isEqualTo(v.replace("s3://LAKE/", "s3://${LakeBucket}/"));
      });
      assertThat(params.get("projection.enabled")).isEqualTo("true");
      assertThat(params.get("storage.location.template")).as("Athena's own ${context_date} left untouched")
          .isEqualTo("s3://${LakeBucket}/enriched/" + def.name() + "/context_date=${context_date}/");
      assertThat(render(input.at("/StorageDescriptor/Location"))).isEqualTo("s3://${LakeBucket}/enriched/" + def.name() + "/");
      assertThat(input.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText())
          .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    }
  }

  @Test
  void athenaWorkGroupEnforcesResultLocationAndScanCutoff() {
    JsonNode wg = single("AWS::Athena::WorkGroup", "AthenaWorkGroup").at("/Properties/WorkGroupConfiguration");
    assertThat(wg.path("EnforceWorkGroupConfiguration").asBoolean()).isTrue();
    assertThat(wg.path("BytesScannedCutoffPerQuery").asLong()).isEqualTo(10L * 1024 * 1024 * 1024);
    assertThat(render(wg.at("/ResultConfiguration/OutputLocation"))).isEqualTo("s3://${AthenaResultsBucket}/athena/");
  }

  @Test
  void outputsCarryWhatTheEmrCliAndTheReadmeRead() {
    List<String> names = new ArrayList<>();
    outputs.fieldNames().forEachRemaining(names::add);
    assertThat(names).contains("EmrApplicationId", "EmrJobRoleArn", "EmrJobJarUri", "RawUri", "EnrichedUri",
        "EmrLogUri", "RawBucketName", "LakeBucketName", "AthenaResultsBucketName", "WebhookUrl", "WebhookSecretArn",
        "AthenaWorkGroupName", "GlueDatabaseName", "AlertsTopicArn");
    assertThat(render(outputs.at("/WebhookUrl/Value"))).as("HTTP API $default stage URL + route")
        .isEqualTo("https://${WebhookApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/telegram/webhook");
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Every (action -> resource [if condition]) pair granted to a role through inline policies. */
  private static List<String> permissions(String roleName) {
    List<String> out = new ArrayList<>();
    for (JsonNode policy : ofType("AWS::IAM::Policy").values()) {
      boolean attached = false;
      for (JsonNode role : policy.at("/Properties/Roles")) {
        attached |= render(role).equals("${" + roleName + "}");
      }
      if (!attached) {
        continue;
      }
      for (JsonNode st : policy.at("/Properties/PolicyDocument/Statement")) {
        assertThat(st.path("Effect").asText()).isEqualTo("Allow");
        String condition = st.has("Condition") ? " if " + render(st.get("Condition")) : "";
        for (String action : texts(st.get("Action"))) {
          for (String resource : texts(st.get("Resource"))) {
            out.add(action + " -> " + resource + condition);
          }
        }
      }
    }
    return out;
  }

  private static String roleOf(String functionName) {
    return render(single("AWS::Lambda::Function", functionName).at("/Properties/Role")).replaceAll("^\\$\\{(.*)\\.Arn}$", "$1");
  }

  private static String jobJarKey() {
    // The asset key is a content hash: read it back from the stack's own output.
    String url = render(outputs.at("/EmrJobJarUri/Value"));
    return url.substring(url.indexOf(".jar") - 64, url.indexOf(".jar") + 4);
  }

  private static List<Column> columns(JsonNode list) {
    List<Column> out = new ArrayList<>();
    list.forEach(c -> out.add(new Column(c.path("Name").asText(), c.path("Type").asText())));
    return out;
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(render(n)));
    } else {
      out.add(render(node));
    }
    return out;
  }

  private static Map<String, JsonNode> ofType(String type) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    resources.fields().forEachRemaining(e -> {
      if (type.equals(e.getValue().path("Type").asText())) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  private static List<String> logicalIds(String type) {
    return ofType(type).keySet().stream().map(TglakeStackTest::shortId).toList();
  }

  private static JsonNode single(String type, String name) {
    List<JsonNode> matches = new ArrayList<>();
    ofType(type).forEach((id, r) -> {
      if (shortId(id).equals(name)) {
        matches.add(r);
      }
    });
    assertThat(matches).as(type + " named " + name + " among " + new TreeSet<>(ofType(type).keySet())).hasSize(1);
    return matches.get(0);
  }

  private static String shortId(String logicalId) {
    Matcher m = HASHED_ID.matcher(logicalId);
    return m.matches() ? m.group(1) : logicalId;
  }

  /**
   * Renders CloudFormation intrinsics readably: {@code Ref X} → {@code ${X}}, {@code GetAtt [X, A]} →
   * {@code ${X.A}}, {@code Fn::Join} concatenated, objects as compact JSON with rendered values.
   */
  static String render(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "<missing>";
    }
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode v = node.get(key);
      switch (key) {
        case "Ref":
          return "${" + shortId(v.asText()) + "}";
        case "Fn::Sub":
          return v.isTextual() ? v.asText() : render(v.get(0));
        case "Fn::GetAtt":
          return "${" + shortId(v.get(0).asText()) + "." + v.get(1).asText() + "}";
        case "Fn::Join": {
          List<String> parts = new ArrayList<>();
          v.get(1).forEach(p -> parts.add(render(p)));
          return String.join(v.get(0).asText(), parts);
        }
        default:
          break;
      }
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(p -> parts.add(quote(render(p))));
      return "[" + String.join(",", parts) + "]";
    }
    StringBuilder sb = new StringBuilder("{");
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String value = v.isObject() && !isIntrinsic(v) || v.isArray() ? render(v) : quote(render(v));
      sb.append(quote(e.getKey())).append(':').append(value);
      if (it.hasNext()) {
        sb.append(',');
      }
    }
    return sb.append('}').toString();
  }

  private static String quote(String s) {
    return MAPPER.getNodeFactory().textNode(s).toString();
  }

  private static boolean isIntrinsic(JsonNode v) {
    if (v.size() != 1) {
      return false;
    }
    String key = v.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }
}
