package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.DdlRenderer;
import io.tglake.contract.TableDefinitions;
import io.tglake.contract.TableDefinitions.Column;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Synthesizes the stack once (jsii start-up dominates) and checks every property a deployment
 * relies on. Intrinsics are rendered to readable strings ({@code ${RawBucket.Arn}/telegram/*},
 * logical-id hashes stripped) so least-privilege checks compare exact action/resource sets.
 */
class TglakeStackTest {

  private static final ObjectMapper MAPPER = StackTemplate.MAPPER;
  private static final StackTemplate T = StackTemplate.defaults();
  private static final JsonNode outputs = T.outputs;

  // -------------------------------------------------------------------------------------------
  // storage

  @Test
  void everyBucketBlocksPublicAccessIsEncryptedAndDeniesPlainHttp() {
    List<String> buckets = logicalIds("AWS::S3::Bucket");
    assertThat(buckets)
        .as("raw, lake and Athena results buckets")
        .containsExactlyInAnyOrder("RawBucket", "LakeBucket", "AthenaResultsBucket");
    for (Map.Entry<String, JsonNode> bucket : ofType("AWS::S3::Bucket").entrySet()) {
      JsonNode props = bucket.getValue().get("Properties");
      JsonNode pab = props.get("PublicAccessBlockConfiguration");
      for (String flag :
          List.of(
              "BlockPublicAcls",
              "BlockPublicPolicy",
              "IgnorePublicAcls",
              "RestrictPublicBuckets")) {
        assertThat(pab.path(flag).asBoolean()).as(bucket.getKey() + " " + flag).isTrue();
      }
      assertThat(
              props
                  .at(
                      "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                  .asText())
          .as(bucket.getKey() + " encrypted at rest")
          .isEqualTo("AES256");
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
    assertThat(tlsOnly)
        .as("a deny-non-TLS statement on every bucket")
        .containsExactlyInAnyOrder("${RawBucket}", "${LakeBucket}", "${AthenaResultsBucket}");
  }

  @Test
  void rawBucketIsVersionedAndRetained() {
    JsonNode raw = single("AWS::S3::Bucket", "RawBucket");
    assertThat(raw.at("/Properties/VersioningConfiguration/Status").asText())
        .as("raw is the only copy")
        .isEqualTo("Enabled");
    assertThat(raw.path("DeletionPolicy").asText())
        .as("cdk destroy must not drop raw data")
        .isEqualTo("Retain");
    assertThat(single("AWS::S3::Bucket", "LakeBucket").path("DeletionPolicy").asText())
        .isEqualTo("Retain");
  }

  // --------------------------------------------------------------------------------------------
  // IAM

  @Test
  void ingestFunctionMayOnlyPutUnderTheRawPrefixListMigrationMarkersAndReadItsSecret() {
    assertThat(permissions(roleOf("IngestFunction")))
        .as("ingest Lambda role, exactly")
        .containsExactlyInAnyOrder(
            "s3:PutObject -> ${RawBucket.Arn}/telegram/*",
            "s3:ListBucket -> ${RawBucket.Arn} if {\"StringLike\":{\"s3:prefix\":[\"telegram/_chat_migrations/*\"]}}",
            "secretsmanager:GetSecretValue -> ${WebhookSecretToken}");
  }

  @Test
  void emrJobRoleReadsRawWritesOnlyTheLakeAndReadsExactlyTheJobJar() {
    List<String> perms = permissions("EmrJobRole");
    assertThat(perms)
        .as("EMR job role, exactly")
        .containsExactlyInAnyOrder(
            "s3:GetObject -> ${RawBucket.Arn}/telegram/*",
            "s3:GetObject -> ${RawBucket.Arn}/outgoing/*",
            "s3:ListBucket -> ${RawBucket.Arn}",
            "s3:GetObject -> ${LakeBucket.Arn}/enriched/*",
            "s3:PutObject -> ${LakeBucket.Arn}/enriched/*",
            "s3:DeleteObject -> ${LakeBucket.Arn}/enriched/*",
            "s3:AbortMultipartUpload -> ${LakeBucket.Arn}/enriched/*",
            "s3:ListBucket -> ${LakeBucket.Arn}",
            "s3:ListBucketMultipartUploads -> ${LakeBucket.Arn}",
            "s3:PutObject -> ${LakeBucket.Arn}/logs/emr/*",
            "logs:CreateLogStream -> ${EtlJobLogs.Arn}",
            "logs:PutLogEvents -> ${EtlJobLogs.Arn}",
            "logs:DescribeLogStreams -> ${EtlJobLogs.Arn}",
            "logs:DescribeLogGroups -> arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*",
            "s3:GetObject -> arn:${AWS::Partition}:s3:::cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}/"
                + jobJarKey());
    assertThat(perms)
        .as("the job can never write or delete raw objects")
        .noneMatch(p -> p.contains("RawBucket") && (p.contains("Put") || p.contains("Delete")));
  }

  @Test
  void schedulerMayOnlyStartRunsOfThisApplicationPassTheJobRoleAndDeadLetter() {
    assertThat(permissions("SchedulerRole"))
        .as("scheduler role, exactly")
        .containsExactlyInAnyOrder(
            "emr-serverless:StartJobRun -> ${EtlApplication.Arn}",
            "iam:PassRole -> ${EmrJobRole.Arn} if {\"StringEquals\":{\"iam:PassedToService\":\"emr-serverless.amazonaws.com\"}}",
            "sqs:SendMessage -> ${ScheduleDeadLetterQueue.Arn}");
  }

  @Test
  void rolesTrustOnlyTheirServiceFromThisAccount() {
    assertThat(
            render(
                single("AWS::IAM::Role", "EmrJobRole")
                    .at("/Properties/AssumeRolePolicyDocument/Statement/0")))
        .isEqualTo(
            "{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}},"
                + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"emr-serverless.amazonaws.com\"}}");
    assertThat(
            render(
                single("AWS::IAM::Role", "SchedulerRole")
                    .at("/Properties/AssumeRolePolicyDocument/Statement/0")))
        .isEqualTo(
            "{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}},"
                + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"scheduler.amazonaws.com\"}}");
    JsonNode invoke =
        ofType("AWS::Lambda::Permission").values().iterator().next().get("Properties");
    assertThat(render(invoke.get("FunctionName")))
        .as("API Gateway may invoke the alias")
        .isEqualTo("${IngestLive}");
    assertThat(render(invoke.get("SourceArn")))
        .as("from the webhook route only")
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
          assertThat(resource)
              .as(policy.getKey() + " resource is never everything")
              .isNotEqualTo("*");
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // ingest

  @Test
  void ingestFunctionIsJava21WithSnapStartAndTheSecretByReferenceOnly() {
    JsonNode fn = single("AWS::Lambda::Function", "IngestFunction").get("Properties");
    assertThat(fn.path("Runtime").asText()).isEqualTo("java21");
    assertThat(fn.path("Handler").asText())
        .isEqualTo("io.tglake.ingest.WebhookHandler::handleRequest");
    assertThat(fn.at("/SnapStart/ApplyOn").asText())
        .as("SnapStart on published versions")
        .isEqualTo("PublishedVersions");
    assertThat(fn.path("MemorySize").asInt())
        .as("sized for cold start")
        .isGreaterThanOrEqualTo(1024);
    JsonNode env = fn.at("/Environment/Variables");
    assertThat(render(env.get("RAW_BUCKET"))).isEqualTo("${RawBucket}");
    assertThat(env.path("RAW_PREFIX").asText()).isEqualTo("telegram");
    assertThat(render(env.get("TELEGRAM_SECRET_TOKEN_SECRET_ID")))
        .as("the secret's ARN, not its value")
        .isEqualTo("${WebhookSecretToken}");
    assertThat(env.has("TELEGRAM_SECRET_TOKEN")).as("no token literal in the template").isFalse();
    assertThat(env.path("WEBHOOK_SECRET_GENERATION").asText())
        .as("bumping it republishes the snapshot")
        .isEqualTo("1");
    assertThat(render(fn.get("LoggingConfig").get("LogGroup"))).isEqualTo("${IngestLogs}");
    assertThat(
            single("AWS::Logs::LogGroup", "IngestLogs").at("/Properties/RetentionInDays").asInt())
        .isEqualTo(30);
    assertThat(
            single("AWS::SecretsManager::Secret", "WebhookSecretToken")
                .at("/Properties/GenerateSecretString/ExcludePunctuation")
                .asBoolean())
        .as("secret_token alphabet is A-Z a-z 0-9 _ -")
        .isTrue();
  }

  @Test
  void apiRoutesPostWebhookToTheLiveAliasAndAlarmsOn5xx() {
    JsonNode alias = single("AWS::Lambda::Alias", "IngestLive").get("Properties");
    assertThat(alias.path("Name").asText()).isEqualTo("live");
    assertThat(render(alias.get("FunctionVersion")))
        .as("alias points at the published (snapshotted) version")
        .matches("\\$\\{(RawIngest)?IngestFunctionCurrentVersion.*");
    List<String> routes = new ArrayList<>();
    ofType("AWS::ApiGatewayV2::Route")
        .values()
        .forEach(r -> routes.add(r.at("/Properties/RouteKey").asText()));
    assertThat(routes).as("one route only").containsExactly("POST /telegram/webhook");
    JsonNode integration =
        ofType("AWS::ApiGatewayV2::Integration").values().iterator().next().get("Properties");
    assertThat(render(integration.get("IntegrationUri")))
        .as("the API invokes the alias")
        .isEqualTo("${IngestLive}");
    assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");

    JsonNode alarm = single("AWS::CloudWatch::Alarm", "Webhook5xxAlarm").get("Properties");
    assertThat(alarm.path("MetricName").asText()).isEqualTo("5xx");
    assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/ApiGateway");
    assertThat(render(alarm.at("/AlarmActions/0"))).isEqualTo("${Alerts}");
  }

  // ----------------------------------------------------------------------------------------------
  // ETL

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
    assertThat(spark.at("/Properties/spark.sql.sources.partitionOverwriteMode").asText())
        .isEqualTo("dynamic");
    assertThat(spark.at("/Properties/spark.sql.session.timeZone").asText()).isEqualTo("UTC");
    // The job's S3 clients refuse to start without AWS_REGION: every run of the application gets
    // the stack's Region
    // in the driver and the executors, not whatever the containers happen to set.
    assertThat(render(spark.at("/Properties/spark.emr-serverless.driverEnv.AWS_REGION")))
        .as("driver AWS_REGION")
        .isEqualTo("${AWS::Region}");
    assertThat(render(spark.at("/Properties/spark.executorEnv.AWS_REGION")))
        .as("executor AWS_REGION")
        .isEqualTo("${AWS::Region}");
    assertThat(render(app.at("/MonitoringConfiguration/S3MonitoringConfiguration/LogUri")))
        .isEqualTo("s3://${LakeBucket}/logs/emr/");
  }

  @Test
  void scheduleStartsTheJobWithTheScheduledTimeAndAnIdempotentClientToken() throws Exception {
    JsonNode schedule = single("AWS::Scheduler::Schedule", "DailyEtlSchedule").get("Properties");
    assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("cron(30 1 * * ? *)");
    assertThat(schedule.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
    JsonNode target = schedule.get("Target");
    assertThat(target.path("Arn").asText())
        .isEqualTo("arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun");
    assertThat(render(target.get("RoleArn"))).isEqualTo("${SchedulerRole.Arn}");
    assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).isPositive();
    assertThat(render(target.at("/DeadLetterConfig/Arn")))
        .isEqualTo("${ScheduleDeadLetterQueue.Arn}");

    JsonNode input = MAPPER.readTree(render(target.get("Input")));
    assertThat(input.path("ApplicationId").asText()).isEqualTo("${EtlApplication.ApplicationId}");
    assertThat(input.path("ExecutionRoleArn").asText()).isEqualTo("${EmrJobRole.Arn}");
    assertThat(input.path("ClientToken").asText())
        .as("same token for retries of one invocation")
        .isEqualTo("tglake-daily-<aws.scheduler.execution-id>");
    JsonNode submit = input.at("/JobDriver/SparkSubmit");
    assertThat(submit.path("EntryPoint").asText())
        .isEqualTo("s3://cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}/" + jobJarKey());
    assertThat(texts(submit.get("EntryPointArguments")))
        .containsExactly(
            "--raw", "s3://${RawBucket}/telegram",
            "--enriched", "s3://${LakeBucket}/enriched",
            "--scheduled-time", "<aws.scheduler.scheduled-time>");
    assertThat(submit.path("SparkSubmitParameters").asText())
        .isEqualTo("--class io.tglake.etl.TelegramEtlJob");
  }

  @Test
  void failedJobRunsOfThisApplicationAreSentToTheAlertsTopic() {
    JsonNode rule = single("AWS::Events::Rule", "EtlJobFailedRule").get("Properties");
    JsonNode pattern = rule.get("EventPattern");
    assertThat(texts(pattern.get("source"))).containsExactly("aws.emr-serverless");
    assertThat(texts(pattern.get("detail-type")))
        .containsExactly("EMR Serverless Job Run State Change");
    assertThat(texts(pattern.at("/detail/state")))
        .as("a timed-out run ends CANCELLED")
        .containsExactlyInAnyOrder("FAILED", "CANCELLED");
    assertThat(render(pattern.at("/detail/applicationId/0")))
        .isEqualTo("${EtlApplication.ApplicationId}");
    assertThat(render(rule.at("/Targets/0/Arn"))).isEqualTo("${Alerts}");
    JsonNode dlq = single("AWS::SQS::Queue", "ScheduleDeadLetterQueue").get("Properties");
    assertThat(dlq.path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
  }

  // ------------------------------------------------------------------------------------------
  // catalog

  @Test
  void glueTablesEqualTheSqlDdlColumnsPartitionAndProjection() {
    Path ddlDir =
        Path.of(System.getProperty("tglake.ddl.dir", "../contract/src/main/resources/tglake/ddl"));
    List<TableDefinition> expected =
        TableDefinitions.loadDirectory(
            ddlDir, DdlRenderer.variables("tglake", "s3://LAKE/enriched", "America/Sao_Paulo"));
    assertThat(expected).as("tables in the contract's DDL").hasSizeGreaterThanOrEqualTo(5);
    Map<String, JsonNode> tables = new LinkedHashMap<>();
    ofType("AWS::Glue::Table")
        .values()
        .forEach(
            t -> tables.put(t.at("/Properties/TableInput/Name").asText(), t.get("Properties")));
    assertThat(tables.keySet())
        .as("one Glue table per DDL table")
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(TableDefinition::name).toList());

    for (TableDefinition def : expected) {
      JsonNode t = tables.get(def.name());
      assertThat(t.path("DatabaseName").asText()).isEqualTo("tglake");
      JsonNode input = t.get("TableInput");
      assertThat(columns(input.at("/StorageDescriptor/Columns")))
          .as(def.name() + " columns in DDL order")
          .containsExactlyElementsOf(def.columns());
      assertThat(columns(input.get("PartitionKeys")))
          .as(def.name() + " partition")
          .containsExactly(new Column("context_date", "date"));
      Map<String, String> params = new LinkedHashMap<>();
      input
          .get("Parameters")
          .fields()
          .forEachRemaining(e -> params.put(e.getKey(), render(e.getValue())));
      def.tableProperties()
          .forEach(
              (k, v) -> {
                String actual = params.get(k);
                assertThat(actual)
                    .as(def.name() + " TBLPROPERTIES " + k)
                    .isEqualTo(v.replace("s3://LAKE/", "s3://${LakeBucket}/"));
              });
      assertThat(params.get("projection.enabled")).isEqualTo("true");
      assertThat(params.get("storage.location.template"))
          .as("Athena's own ${context_date} left untouched")
          .isEqualTo(
              "s3://${LakeBucket}/enriched/" + def.name() + "/context_date=${context_date}/");
      assertThat(render(input.at("/StorageDescriptor/Location")))
          .isEqualTo("s3://${LakeBucket}/enriched/" + def.name() + "/");
      assertThat(input.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText())
          .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    }
  }

  @Test
  void messagesLocalViewIsCreatedAtDeployByRunningItsDdlInTheWorkgroup() throws Exception {
    Map<String, JsonNode> calls = ofType("Custom::AthenaDdl");
    assertThat(calls.keySet())
        .extracting(TglakeStackTest::shortIdOf)
        .containsExactly("MessagesLocalViewDdl");
    assertThat(ofType("Custom::AWS"))
        .as("no SDK-call custom resource (it cannot wait for a query)")
        .isEmpty();
    JsonNode resource = calls.values().iterator().next();
    JsonNode props = resource.get("Properties");
    assertThat(render(props.get("WorkGroup"))).isEqualTo("${AthenaWorkGroup}");
    assertThat(props.path("Database").asText()).isEqualTo("tglake");
    assertThat(props.path("ViewId").asText())
        .as("re-run when the SQL or the messages columns change")
        .matches("messages_local-[0-9a-f]{16}");
    String sql = props.path("QueryString").asText();
    assertThat(sql)
        .as("the DDL file's statement, rendered, without comments or ';'")
        .startsWith("CREATE OR REPLACE VIEW tglake.messages_local AS\nSELECT\n  m.*,")
        .contains("AT TIME ZONE 'America/Sao_Paulo'")
        .endsWith("FROM tglake.messages m")
        .doesNotContain("--")
        .doesNotContain("${");
    assertThat(texts(resource.get("DependsOn")))
        .anyMatch(d -> d.startsWith("AthenaWorkGroup"))
        .anyMatch(d -> d.startsWith("GlueTablemessages") || d.startsWith("GlueTable_messages"));

    String role = roleOf("ViewDdlFunction");
    String glue = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}";
    String workgroup =
        "arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${AthenaWorkGroup}";
    assertThat(permissions(role))
        .as("view DDL function, exactly")
        .containsExactlyInAnyOrder(
            "athena:StartQueryExecution -> " + workgroup,
            "athena:GetQueryExecution -> " + workgroup,
            "glue:GetDatabase -> " + glue + ":catalog",
            "glue:GetTable -> " + glue + ":catalog",
            "glue:CreateTable -> " + glue + ":catalog",
            "glue:UpdateTable -> " + glue + ":catalog",
            "glue:GetDatabase -> " + glue + ":database/tglake",
            "glue:GetTable -> " + glue + ":database/tglake",
            "glue:CreateTable -> " + glue + ":database/tglake",
            "glue:UpdateTable -> " + glue + ":database/tglake",
            "glue:GetDatabase -> " + glue + ":table/tglake/messages",
            "glue:GetTable -> " + glue + ":table/tglake/messages",
            "glue:CreateTable -> " + glue + ":table/tglake/messages",
            "glue:UpdateTable -> " + glue + ":table/tglake/messages",
            "glue:GetDatabase -> " + glue + ":table/tglake/messages_local",
            "glue:GetTable -> " + glue + ":table/tglake/messages_local",
            "glue:CreateTable -> " + glue + ":table/tglake/messages_local",
            "glue:UpdateTable -> " + glue + ":table/tglake/messages_local",
            "s3:GetBucketLocation -> ${AthenaResultsBucket.Arn}",
            "s3:ListBucket -> ${AthenaResultsBucket.Arn}",
            "s3:PutObject -> ${AthenaResultsBucket.Arn}/athena/*",
            "s3:GetObject -> ${AthenaResultsBucket.Arn}/athena/*",
            "s3:AbortMultipartUpload -> ${AthenaResultsBucket.Arn}/athena/*");
  }

  private static String shortIdOf(String id) {
    return StackTemplate.shortIdOf(id);
  }

  @Test
  void athenaWorkGroupEnforcesResultLocationAndScanCutoff() {
    JsonNode wg =
        single("AWS::Athena::WorkGroup", "AthenaWorkGroup")
            .at("/Properties/WorkGroupConfiguration");
    assertThat(wg.path("EnforceWorkGroupConfiguration").asBoolean()).isTrue();
    assertThat(wg.path("BytesScannedCutoffPerQuery").asLong()).isEqualTo(10L * 1024 * 1024 * 1024);
    assertThat(render(wg.at("/ResultConfiguration/OutputLocation")))
        .isEqualTo("s3://${AthenaResultsBucket}/athena/");
  }

  @Test
  void outputsCarryWhatTheEmrCliAndTheReadmeRead() {
    List<String> names = new ArrayList<>();
    outputs.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .contains(
            "EmrApplicationId",
            "EmrJobRoleArn",
            "EmrJobJarUri",
            "RawUri",
            "EnrichedUri",
            "EmrLogUri",
            "RawBucketName",
            "LakeBucketName",
            "AthenaResultsBucketName",
            "WebhookUrl",
            "WebhookSecretArn",
            "AthenaWorkGroupName",
            "GlueDatabaseName",
            "AlertsTopicArn");
    assertThat(render(outputs.at("/WebhookUrl/Value")))
        .as("HTTP API $default stage URL + route")
        .isEqualTo(
            "https://${WebhookApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/telegram/webhook");
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private static List<String> permissions(String roleName) {
    return T.permissions(roleName);
  }

  private static String roleOf(String functionName) {
    return T.roleOf(functionName);
  }

  private static String jobJarKey() {
    return T.jobJarKey();
  }

  private static List<Column> columns(JsonNode list) {
    return T.columns(list);
  }

  static List<String> texts(JsonNode node) {
    return T.texts(node);
  }

  private static Map<String, JsonNode> ofType(String type) {
    return T.ofType(type);
  }

  private static List<String> logicalIds(String type) {
    return T.logicalIds(type);
  }

  private static JsonNode single(String type, String name) {
    return T.single(type, name);
  }

  static String render(JsonNode node) {
    return T.render(node);
  }
}
